#include "http/routes/file_reply.h"

#include <unistd.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "service/attachments/attachments.h"

namespace aftercare::http {
namespace {

// A new empty temporary file of this process ("" when none can be made); the
// server removes it once it is sent (Reply::file).
std::string TemporaryFile(const char* prefix) {
  std::error_code ec;
  std::string path =
      (std::filesystem::temp_directory_path(ec) / (std::string(prefix) + "-XXXXXX")).string();
  int fd = ::mkstemp(path.data());
  if (fd < 0) return "";
  ::close(fd);
  return path;
}

}  // namespace

std::string AttachmentDisposition(const std::string& ascii, const std::string& local) {
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
         std::string(boost::urls::encode(local, boost::urls::unreserved_chars));
}

Reply ReplyWithFile(const Responder& out, const char* prefix, const char* unwritten,
                    const std::function<Result<Reply>(const std::string& path)>& write) {
  const std::string path = TemporaryFile(prefix);
  if (path.empty()) return out.Fail(Error::Io(unwritten));
  auto reply = write(path);
  if (!reply.ok()) {
    std::remove(path.c_str());
    return out.Fail(reply.error());
  }
  reply->file = path;
  return std::move(*reply);
}

Reply StoredFileReply(const std::string& name, const std::string& content_type, std::string bytes) {
  Reply out;
  out.content_type =
      service::IsPassiveMediaType(content_type) ? content_type : "application/octet-stream";
  out.headers.emplace_back("Content-Security-Policy", "sandbox; default-src 'none'");
  out.headers.emplace_back("Content-Disposition", "attachment; filename*=UTF-8''" +
                                                      std::string(boost::urls::encode(
                                                          name, boost::urls::unreserved_chars)));
  out.body = std::move(bytes);
  return out;
}

}  // namespace aftercare::http
