// What routes that answer with a file made on the slow pool share (exports,
// evidence bundles): a temporary file for it, and its Content-Disposition.
#pragma once

#include <string>

namespace aftercare::http {

// A new empty temporary file of this process ("" when none can be made); the
// server removes it once it is sent (Reply::file).
std::string TemporaryFile(const char* prefix = "aftercare-export");
// attachment; filename="tickets-2025-01-31.csv"; filename*=UTF-8''工单-2025-01-31.csv
std::string AttachmentDisposition(const std::string& ascii, const std::string& local);

}  // namespace aftercare::http
