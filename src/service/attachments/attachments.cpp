#include "service/attachments/attachments.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "service/audit/audit.h"
#include "service/blob_store.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

Attachment AttachmentFrom(const store::Row& r) {
  return Attachment{
      r.Int("id"),      r.Int("ticket_id"), r.Text("name"),      r.Text("content_type"),
      r.Text("sha256"), r.Int("size"),      Instant{r.Int("at")}};
}

constexpr const char* kColumns =
    "a.id, a.ticket_id, a.name, a.content_type, a.size, a.sha256, a.at";

// The ticket's customer, once the actor may see it.
Result<std::int64_t> CheckTicket(store::Transaction& tx, const Context& ctx,
                                 std::int64_t ticket_id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT customer_id FROM tickets WHERE id = $1", {ticket_id}));
  if (rows.empty()) return NotFound("ticket");
  const std::int64_t customer = rows[0].Int("customer_id");
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, customer, "ticket"));
  return customer;
}

bool IsTokenChar(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
}

}  // namespace

bool IsMediaType(std::string_view t) {
  if (t.empty() || t.size() > 127) return false;
  for (char ch : t) {
    if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e)
      return false;
  }
  std::string_view essence = t.substr(0, t.find(';'));
  while (!essence.empty() && essence.back() == ' ') essence.remove_suffix(1);
  std::size_t slash = essence.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == essence.size()) return false;
  for (std::size_t i = 0; i < essence.size(); ++i) {
    if (i != slash && !IsTokenChar(essence[i])) return false;
  }
  return true;
}

Status CheckFileName(std::string_view name) {
  const bool control = std::any_of(name.begin(), name.end(), [](char ch) {
    return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
  });
  if (name.empty() || name.size() > 200 || control ||
      name.find_first_of("/\\") != std::string_view::npos) {
    return Error::Invalid(
        "name must be a file name of 1-200 characters, without control characters", 0, "name");
  }
  return {};
}

bool IsPassiveMediaType(std::string_view t) {
  const std::string essence = MediaTypeEssence(t);
  static const char* kPassive[] = {
      "image/png",
      "image/jpeg",
      "image/gif",
      "image/webp",
      "image/bmp",
      "application/pdf",
      "text/plain",
      "text/csv",
      "application/zip",
      "application/x-7z-compressed",
      "application/gzip",
      "application/x-tar",
      "application/msword",
      "application/vnd.ms-excel",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "audio/mpeg",
      "audio/wav",
      "video/mp4",
      "application/octet-stream"};
  for (const char* p : kPassive) {
    if (essence == p) return true;
  }
  return false;
}

Result<Attachment> AddAttachment(store::Transaction& tx, const Context& ctx, const std::string& dir,
                                 std::int64_t ticket_id, const std::string& name,
                                 const std::string& content_type, const std::string& bytes) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  AFTERCARE_RETURN_IF_ERROR(CheckFileName(name));
  if (!content_type.empty() && !IsMediaType(content_type)) {
    return Error::Invalid("Content-Type must be a media type such as image/png", 0, "Content-Type");
  }
  if (bytes.empty()) return Error::Invalid("the attachment is empty", 0, "body");
  if (bytes.size() > kMaxAttachmentBytes) {
    return Error::Invalid("an attachment may have at most 20 MB", 0, "body");
  }
  AFTERCARE_RETURN_IF_ERROR(CheckTicket(tx, ctx, ticket_id).status());
  AFTERCARE_ASSIGN_OR_RETURN(std::string sha, StoreBlob(dir, bytes));
  // The content first (named by its hash, so writing it twice is harmless), then
  // its row: a row never names content that is not there.
  std::string type = content_type.empty() ? "application/octet-stream" : content_type;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("INSERT INTO attachments (ticket_id, name, content_type, size, sha256, "
                          "uploaded_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                          {ticket_id, name, type, static_cast<std::int64_t>(bytes.size()), sha,
                           ctx.actor->user_id, ctx.now.unix}));
  Attachment a{rows.at(0).Int("id"),
               ticket_id,
               name,
               type,
               sha,
               static_cast<std::int64_t>(bytes.size()),
               ctx.now};
  AFTERCARE_RETURN_IF_ERROR(
      Audit(tx, ctx, "create", "attachment", std::to_string(a.id), nullptr,
            {{"ticket_id", ticket_id}, {"name", name}, {"size", a.size}, {"sha256", sha}}));
  return a;
}

Result<Attachment> AddAttachment(store::Database& db, const Context& ctx, const std::string& dir,
                                 std::int64_t ticket_id, const std::string& name,
                                 const std::string& content_type, const std::string& bytes) {
  return InTransaction(db, true, [&](store::Transaction& tx) {
    return AddAttachment(tx, ctx, dir, ticket_id, name, content_type, bytes);
  });
}

Result<std::vector<Attachment>> ListAttachments(store::Database& db, const Context& ctx,
                                                std::int64_t ticket_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  std::int64_t customer = 0;
  auto list =
      InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Attachment>> {
        AFTERCARE_ASSIGN_OR_RETURN(customer, CheckTicket(tx, ctx, ticket_id));
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows, tx.Query(std::string("SELECT ") + kColumns +
                                    " FROM attachments a WHERE a.ticket_id = $1 ORDER BY a.id",
                                {ticket_id}));
        std::vector<Attachment> out;
        for (const auto& r : rows) out.push_back(AttachmentFrom(r));
        return out;
      });
  if (!list.ok()) return list;
  // A vendor's read of customer files is audited (CON-4) after the read, as the
  // ticket lists are: the read never holds the write lock.
  AFTERCARE_RETURN_IF_ERROR(
      AuditRead(db, ctx, "list", "attachment", std::to_string(ticket_id),
                {{"filter", {{"ticket_id", ticket_id}}}, {"returned", list->size()}}, customer));
  return list;
}

Result<std::pair<Attachment, std::string>> DownloadAttachment(store::Database& db,
                                                              const Context& ctx,
                                                              const std::string& dir,
                                                              std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(
      db, true, [&](store::Transaction& tx) -> Result<std::pair<Attachment, std::string>> {
        AFTERCARE_ASSIGN_OR_RETURN(
            auto rows, tx.Query(std::string("SELECT ") + kColumns +
                                    ", t.customer_id FROM attachments a JOIN tickets t ON t.id = "
                                    "a.ticket_id WHERE a.id = $1",
                                {id}));
        if (rows.empty()) return NotFound("attachment");
        AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, rows[0].Int("customer_id"), "attachment"));
        Attachment a = AttachmentFrom(rows[0]);
        AFTERCARE_ASSIGN_OR_RETURN(std::string bytes, ReadBlob(dir, a.sha256, a.size));
        AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "download", "attachment", std::to_string(a.id),
                                        nullptr, {{"ticket_id", a.ticket_id}, {"name", a.name}},
                                        rows[0].Int("customer_id")));
        return std::pair{a, std::move(bytes)};
      });
}

}  // namespace aftercare::service
