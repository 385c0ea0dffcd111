#include "service/blob_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/sha256.h"

namespace aftercare::service {

namespace fs = std::filesystem;

std::string BlobPath(const std::string& dir, const std::string& sha) {
  return (fs::path(dir) / sha.substr(0, 2) / sha).string();
}

Result<std::string> PutBlob(const std::string& dir, const std::string& bytes, const char* failed) {
  const std::string sha = Sha256Hex(bytes);
  fs::path path = BlobPath(dir, sha);
  std::error_code ec;
  if (fs::exists(path, ec)) return sha;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Error::Io(failed, ec.message());
  fs::path tmp = path;
  tmp += ".tmp" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0) return Error::Io(failed, std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      ::close(fd);
      return Error::Io(failed, std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return Error::Io(failed, std::strerror(errno));
  fs::rename(tmp, path, ec);
  if (ec) return Error::Io(failed, ec.message());
  int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return sha;
}

Result<std::string> GetBlob(const std::string& dir, const std::string& sha, std::int64_t size,
                            const char* missing) {
  std::ifstream in(BlobPath(dir, sha), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in || bytes.str().size() != static_cast<std::size_t>(size)) {
    return Error::Io(missing, BlobPath(dir, sha));
  }
  return bytes.str();
}

}  // namespace aftercare::service
