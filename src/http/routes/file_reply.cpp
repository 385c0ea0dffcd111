#include "http/routes/file_reply.h"

#include <unistd.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdlib>
#include <filesystem>

namespace aftercare::http {

std::string TemporaryFile(const char* prefix) {
  std::error_code ec;
  std::string path =
      (std::filesystem::temp_directory_path(ec) / (std::string(prefix) + "-XXXXXX")).string();
  int fd = ::mkstemp(path.data());
  if (fd < 0) return "";
  ::close(fd);
  return path;
}

std::string AttachmentDisposition(const std::string& ascii, const std::string& local) {
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
         std::string(boost::urls::encode(local, boost::urls::unreserved_chars));
}

}  // namespace aftercare::http
