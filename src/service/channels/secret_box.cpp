#include "service/channels/secret_box.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "core/base64.h"

namespace aftercare::service {
namespace {

Result<bool> ReadKey(const std::string& path, std::array<unsigned char, SecretBox::kKeyBytes>& key) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return false;
    return Error::Io("cannot read the secret key file", path + ": " + std::strerror(errno));
  }
  char buf[128];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  std::string_view text(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  auto bytes = Base64Decode(text);
  if (!bytes || bytes->size() != key.size()) {
    return Error::Io("the secret key file holds no key", path + ": not 32 bytes in base64");
  }
  std::memcpy(key.data(), bytes->data(), key.size());
  return true;
}

}  // namespace

Result<SecretBox> SecretBox::FromKeyFile(const std::string& path) {
  std::array<unsigned char, kKeyBytes> key{};
  AFTERCARE_ASSIGN_OR_RETURN(bool found, ReadKey(path, key));
  if (found) return SecretBox(key);
  crypto_secretbox_keygen(key.data());
  std::string text =
      Base64Encode({reinterpret_cast<const char*>(key.data()), key.size()}) + "\n";
  // O_EXCL: two servers starting at once on one folder both end with the key that won.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      AFTERCARE_ASSIGN_OR_RETURN(found, ReadKey(path, key));
      if (found) return SecretBox(key);
    }
    return Error::Io("cannot write the secret key file", path + ": " + std::strerror(errno));
  }
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Error::Io("cannot write the secret key file", path);
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
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 box + crypto_secretbox_NONCEBYTES,
                                 bytes->size() - crypto_secretbox_NONCEBYTES, box,
                                 key_.data()) != 0) {
    return Error::Io("a sealed secret cannot be opened", "sealed under another key");
  }
  return plain;
}

}  // namespace aftercare::service
