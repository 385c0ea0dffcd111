#include "service/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/base64.h"

namespace aftercare::service {
namespace {

// The key, or nullopt when the file does not exist.
Result<std::optional<std::string>> ReadKey(const std::string& path, std::size_t bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return Error::Io("cannot read the key file", path + ": " + std::strerror(errno));
  }
  char buf[256];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  std::string_view text(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  auto key = Base64Decode(text);
  if (!key || key->size() != bytes) {
    return Error::Io("the key file holds no key",
                     path + ": not " + std::to_string(bytes) + " bytes in base64");
  }
  return std::optional<std::string>(std::move(*key));
}

}  // namespace

Result<std::string> LoadKeyFile(const std::string& path, std::size_t bytes) {
  AFTERCARE_ASSIGN_OR_RETURN(auto key, ReadKey(path, bytes));
  if (!key) return Error::Io("the key file does not exist", path);
  return std::move(*key);
}

Result<std::string> LoadOrMakeKeyFile(const std::string& path, std::size_t bytes,
                                      const std::function<std::string()>& make) {
  AFTERCARE_ASSIGN_OR_RETURN(auto key, ReadKey(path, bytes));
  if (key) return std::move(*key);
  const std::string made = make();
  const std::string text = Base64Encode(made) + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      AFTERCARE_ASSIGN_OR_RETURN(key, ReadKey(path, bytes));
      if (key) return std::move(*key);
    }
    return Error::Io("cannot write the key file", path + ": " + std::strerror(errno));
  }
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Error::Io("cannot write the key file", path);
  return made;
}

}  // namespace aftercare::service
