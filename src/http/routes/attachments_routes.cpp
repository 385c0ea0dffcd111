// Attachments (TKT-5): files on a ticket, stored by content hash, downloads audited.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "http/routes/areas.h"
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
  Reply out;
  // What a browser could run (HTML, SVG, scripts) is only ever downloaded, and in a
  // sandbox even if it were shown.
  out.content_type = service::IsPassiveMediaType(r->first.content_type)
                         ? r->first.content_type
                         : "application/octet-stream";
  out.headers.emplace_back("Content-Security-Policy", "sandbox; default-src 'none'");
  out.headers.emplace_back(
      "Content-Disposition",
      "attachment; filename*=UTF-8''" +
          std::string(boost::urls::encode(r->first.name, boost::urls::unreserved_chars)));
  out.body = std::move(r->second);
  return out;
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
