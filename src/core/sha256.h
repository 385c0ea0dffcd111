// SHA-256 (libsodium's crypto_hash_sha256) fed in pieces, in lower-case hex: the
// checksums of attachments, backup members and evidence bundles.
#pragma once

#include <sodium.h>

#include <string>
#include <string_view>

namespace aftercare {

class Sha256 {
 public:
  Sha256() { crypto_hash_sha256_init(&state_); }
  void Update(std::string_view bytes) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  }
  // The digest of everything fed so far, as 64 hex digits; the hash is spent after it.
  std::string HexDigest();

 private:
  crypto_hash_sha256_state state_;
};

// The hex SHA-256 of `bytes` at once.
std::string Sha256Hex(std::string_view bytes);

// Lower-case hex of `n` bytes.
std::string HexOf(const unsigned char* data, std::size_t n);

}  // namespace aftercare
