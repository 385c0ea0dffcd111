// What routes that answer with a file made on the slow pool share (exports,
// evidence bundles): writing it to a temporary file, and its Content-Disposition.
#pragma once

#include <functional>
#include <string>

#include "core/result.h"
#include "http/router.h"

namespace aftercare::http {

// Writes a file on the slow pool and answers with it: `write(path)` fills a new
// temporary file and returns the reply's headers and content type; the file is
// then sent from disk (Reply::file). When no file can be made (`unwritten`, a
// catalogued message) or `write` fails, the file is removed and the failure told.
Reply ReplyWithFile(const Responder& out, const char* prefix, const char* unwritten,
                    const std::function<Result<Reply>(const std::string& path)>& write);

// attachment; filename="tickets-2025-01-31.csv"; filename*=UTF-8''工单-2025-01-31.csv
std::string AttachmentDisposition(const std::string& ascii, const std::string& local);

// A stored file (a ticket's attachment, a release file) as a download under its
// name: served as its type only when a browser would not run it (issue 10), else as
// application/octet-stream, and sandboxed all the same.
Reply StoredFileReply(const std::string& name, const std::string& content_type, std::string bytes);

}  // namespace aftercare::http
