// The server's Ed25519 signing key for the audit chain's heads and the evidence
// bundles (issue 13; libsodium crypto_sign). The 32-byte seed lives beside the
// data (`DATA/evidence.key`, mode 0600, made on first start) or in the file named
// by --evidence-key; servers sharing a PostgreSQL database share it. The public
// key is published at /api/v1/evidence/key: Party A records it once, and every
// signature checks against it.
//
// Errors: kIo when the key file cannot be read or made (service/key_file.h).
#pragma once

#include <sodium.h>

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace aftercare::service {

class EvidenceKey {
 public:
  static constexpr std::size_t kSeedBytes = crypto_sign_SEEDBYTES;

  // Reads the seed in `path`, or makes it when `make` and the file is missing.
  static Result<EvidenceKey> FromKeyFile(const std::string& path, bool make = true);
  static EvidenceKey Random();  // for tests

  const std::string& public_key_hex() const { return public_hex_; }
  // The detached signature of `message`, in hex.
  std::string Sign(std::string_view message) const;
  // Whether `signature_hex` is `public_key_hex`'s signature of `message`.
  static bool Verify(std::string_view public_key_hex, std::string_view message,
                     std::string_view signature_hex);

 private:
  explicit EvidenceKey(std::string_view seed);
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_{};
  std::string public_hex_;
};

}  // namespace aftercare::service
