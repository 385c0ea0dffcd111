// Attachments (TKT-5): files on a ticket, stored by content hash, downloads audited.
#include "http/routes/areas.h"
#include "http/routes/file_reply.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/attachments/attachments.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json AttachmentView(const service::Attachment& a) {
  return json{{"id", a.id},
              {"ticket_id", a.ticket_id},
              {"name", a.name},
              {"content_type", a.content_type},
              {"size", a.size},
              {"sha256", a.sha256},
              {"at", FormatRfc3339(a.at, DefaultZone())},
              {"url", "/api/v1/attachments/" + std::to_string(a.id)}};
}

Reply Upload(Call& c, ApiEnv& env) {
  auto name = c.QueryStr("name");
  if (!name) return c.Fail(Error::Invalid("the query needs ?name=FILE", 0, "name"), true);
  std::string type(c.req.header("Content-Type"));
  if (!type.empty() && !service::IsMediaType(type)) {
    return c.Fail(
        Error::Invalid("Content-Type must be a media type such as image/png", 0, "Content-Type"),
        true);
  }
  return c.Render(service::AddAttachment(env.db, c.ctx, env.attachments_dir, c.ids[0], *name, type,
                                         std::string(c.req.body())),
                  AttachmentView, 201);
}

Reply Download(Call& c, ApiEnv& env) {
  auto r = service::DownloadAttachment(env.db, c.ctx, env.attachments_dir, c.ids[0]);
  if (!r.ok()) return c.Fail(r.error());
  // What a browser could run (HTML, SVG, scripts) is only ever downloaded, and in a
  // sandbox even if it were shown.
  return StoredFileReply(r->first.name, r->first.content_type, std::move(r->second));
}

}  // namespace

void RegisterAttachmentsRoutes(Router& router, ApiEnv& env) {
  using service::roles::kEveryone;
  router.Add({.method = Method::kPost,
              .path = "/api/v1/tickets/{id}/attachments",
              .summary = "attach a file (raw body, at most 20 MB; ?name=file name; its "
                         "Content-Type is kept when it is a media type)",
              .roles = kEveryone,
              .query = {{"name", "string", "the file's name"}},
              .response = s::Ref("Attachment"),
              .status = 201,
              .raw_body = true,
              .handler = [&env](Call& c) { return Upload(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/tickets/{id}/attachments",
              .summary = "a ticket's attachments (a vendor's read is audited)",
              .roles = kEveryone,
              .response = s::Items(s::Ref("Attachment")),
              .handler = [&env](Call& c) {
                return c.Render(
                    service::ListAttachments(env.db, c.ctx, c.ids[0]),
                    [](const auto& list) { return views::Items(list, AttachmentView); });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/attachments/{id}",
              .summary = "download an attachment (audited)",
              .roles = kEveryone,
              .response_type = "application/octet-stream",
              .handler = [&env](Call& c) { return Download(c, env); }});
  router.AddSchema("Attachment", s::Record({{"id", s::Int()},
                                            {"ticket_id", s::Int()},
                                            {"name", s::Str()},
                                            {"content_type", s::Str()},
                                            {"size", s::Int()},
                                            {"sha256", s::Str()},
                                            {"at", s::Time()},
                                            {"url", s::Str()}}));
}

}  // namespace aftercare::http
