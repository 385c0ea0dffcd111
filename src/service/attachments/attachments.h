// Ticket attachments (TKT-5): photos from site, logs, signed forms. Up to 20 MB
// each, stored once per content (SHA-256) under the data folder's attachments/,
// written and synced before the row that names them is committed. Every download
// is audited (CON-4). Party A reaches only its own customer's attachments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

inline constexpr std::size_t kMaxAttachmentBytes = 20 * 1024 * 1024;

struct Attachment {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::string name, content_type, sha256;
  std::int64_t size = 0;
  Instant at;
};

// A Content-Type the server keeps: `type/subtype` of RFC 7231 token characters with
// optional `; name=value` parameters, printable ASCII, at most 127 characters.
bool IsMediaType(std::string_view content_type);

// A file's name as kept (attachments, release files): 1 to 200 characters, no
// control characters nor / or \; else Invalid naming `name`.
Status CheckFileName(std::string_view name);

// Whether a stored type is served as itself; any other (HTML, SVG, XML, scripts:
// anything a browser would run) is served as application/octet-stream (issue 10).
bool IsPassiveMediaType(std::string_view content_type);

// The same in the caller's transaction (a mail's attachments commit with its ticket).
Result<Attachment> AddAttachment(store::Transaction& tx, const Context& ctx, const std::string& dir,
                                 std::int64_t ticket_id, const std::string& name,
                                 const std::string& content_type, const std::string& bytes);
Result<Attachment> AddAttachment(store::Database& db, const Context& ctx, const std::string& dir,
                                 std::int64_t ticket_id, const std::string& name,
                                 const std::string& content_type, const std::string& bytes);
Result<std::vector<Attachment>> ListAttachments(store::Database& db, const Context& ctx,
                                                std::int64_t ticket_id);
// The attachment and its bytes; audited as a download.
Result<std::pair<Attachment, std::string>> DownloadAttachment(store::Database& db,
                                                              const Context& ctx,
                                                              const std::string& dir,
                                                              std::int64_t id);

}  // namespace aftercare::service
