// Sealing channel secrets at rest (issue 12 point 4): a mail server's password, a
// robot's URL with its key, a signing secret. Sealed with libsodium's secretbox
// (XSalsa20-Poly1305, a random nonce per seal) under the server's 32-byte key, kept
// in a file beside the data (`<data>/secret.key`, mode 0600, made on first start)
// or named by --secret-key; servers sharing a PostgreSQL database share the file.
// A database copied without the key file holds no readable secret.
//
// Errors: kIo when the key file cannot be read or made, or holds no key; Open
// fails (kIo, "a sealed secret cannot be opened") for text not sealed by this key.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace aftercare::service {

class SecretBox {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // A key file: read it, or make it (random, 0600) when it does not exist.
  static Result<SecretBox> FromKeyFile(const std::string& path);
  // A fresh random key, for tests.
  static SecretBox Random();

  // Base64 of nonce || ciphertext. Empty text seals to empty (no secret).
  std::string Seal(std::string_view plain) const;
  Result<std::string> Open(std::string_view sealed) const;

 private:
  explicit SecretBox(const std::array<unsigned char, kKeyBytes>& key) : key_(key) {}
  std::array<unsigned char, kKeyBytes> key_;
};

}  // namespace aftercare::service
