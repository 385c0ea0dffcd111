#include "service/channels/secret_box.h"

#include <sodium.h>

#include <cstring>
#include <vector>

#include "core/base64.h"
#include "service/key_file.h"

namespace aftercare::service {

Result<SecretBox> SecretBox::FromKeyFile(const std::string& path) {
  AFTERCARE_ASSIGN_OR_RETURN(
      std::string bytes, LoadOrMakeKeyFile(path, kKeyBytes, [] {
        std::string key(kKeyBytes, '\0');
        crypto_secretbox_keygen(reinterpret_cast<unsigned char*>(key.data()));
        return key;
      }));
  std::array<unsigned char, kKeyBytes> key{};
  std::memcpy(key.data(), bytes.data(), key.size());
  return SecretBox(key);
}

SecretBox SecretBox::Random() {
  std::array<unsigned char, kKeyBytes> key{};
  crypto_secretbox_keygen(key.data());
  return SecretBox(key);
}

std::string SecretBox::Seal(std::string_view plain) const {
  if (plain.empty()) return {};
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plain.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        out.data(), key_.data());
  return Base64Encode({reinterpret_cast<const char*>(out.data()), out.size()});
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  if (sealed.empty()) return std::string();
  auto bytes = Base64Decode(sealed);
  constexpr std::size_t kOverhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (!bytes || bytes->size() < kOverhead) {
    return Error::Io("a sealed secret cannot be opened", "not sealed text");
  }
  const auto* box = reinterpret_cast<const unsigned char*>(bytes->data());
  std::string plain(bytes->size() - kOverhead, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plain.data()), box + crypto_secretbox_NONCEBYTES,
          bytes->size() - crypto_secretbox_NONCEBYTES, box, key_.data()) != 0) {
    return Error::Io("a sealed secret cannot be opened", "sealed under another key");
  }
  return plain;
}

}  // namespace aftercare::service
