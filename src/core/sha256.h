// SHA-256 (libsodium) as lower-case hex: attachments' content addresses, the audit
// chain's hashes (CON-4), the evidence bundle's manifest, backups' checksums.
#pragma once

#include <sodium.h>

#include <string>
#include <string_view>

namespace aftercare {

std::string Sha256Hex(std::string_view bytes);
// Lower-case hex of raw bytes.
std::string HexOf(const unsigned char* data, std::size_t n);

// A digest over data fed in pieces (files read in chunks).
class Sha256 {
 public:
  Sha256() { crypto_hash_sha256_init(&state_); }
  void Update(std::string_view bytes) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  }
  std::string HexDigest();  // ends the digest

 private:
  crypto_hash_sha256_state state_;
};

}  // namespace aftercare
