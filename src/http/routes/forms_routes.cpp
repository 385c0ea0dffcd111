// The printed forms (issue 15, point 6; TKT-2, TKT-5): a ticket's service request
// form and its after-sales service record as A4 PDFs, and a blank request form
// for paper. Made on the slow pool: a PDF is a few hundred milliseconds of work.
#include "http/messages.h"
#include "http/routes/areas.h"
#include "http/routes/file_reply.h"
#include "service/forms/forms.h"
#include "service/roles.h"

namespace aftercare::http {
namespace {

using Make = std::function<Result<std::string>()>;

// Answers with the PDF `make` renders, named `ascii` (and `local` in Chinese).
Reply Pdf(Call& c, std::string ascii, std::string local, Make make) {
  c.slow = [out = static_cast<Responder>(c), make = std::move(make), ascii = std::move(ascii),
            local = std::move(local)](std::chrono::milliseconds&) {
    auto bytes = make();
    if (!bytes.ok()) return out.Fail(bytes.error());
    Reply r;
    r.content_type = "application/pdf";
    r.headers.emplace_back("Content-Disposition", AttachmentDisposition(ascii, local));
    r.body = std::move(*bytes);
    return r;
  };
  return Reply{};
}

std::string ZhTerm(messages::TermKind kind, std::string_view name) {
  return std::string(UiTerm(kind, name, Language::kZh).value_or(name));
}

}  // namespace

void RegisterFormsRoutes(Router& router, ApiEnv& env) {
  using service::roles::kEveryone;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/tickets/{id}/forms/request",
              .summary = "the ticket's service request form (TKT-2, 服务申请表) as printed: an "
                         "A4 PDF with every field and the three approvals; Party A its own",
              .roles = kEveryone,
              .handler = [&env](Call& c) {
                const std::int64_t id = c.ids[0];
                return Pdf(c, "request-form-" + std::to_string(id) + ".pdf",
                           "服务申请表-" + std::to_string(id) + ".pdf",
                           [&env, ctx = c.ctx, id] {
                             return service::forms::RequestFormPdf(env.db, ctx, id);
                           });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/tickets/{id}/forms/record",
              .summary = "the ticket's after-sales service record (TKT-5, 售后服务处理记录表): "
                         "an A4 PDF of its particulars and every contact, action and result "
                         "(no internal note); Party A its own",
              .roles = kEveryone,
              .handler = [&env](Call& c) {
                const std::int64_t id = c.ids[0];
                return Pdf(c, "service-record-" + std::to_string(id) + ".pdf",
                           "售后服务处理记录表-" + std::to_string(id) + ".pdf",
                           [&env, ctx = c.ctx, id] {
                             return service::forms::ServiceRecordPdf(env.db, ctx, id, ZhTerm);
                           });
              }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/forms/request",
              .summary = "a blank service request form (TKT-2) to fill in by hand",
              .roles = kEveryone,
              .handler = [](Call& c) {
                return Pdf(c, "request-form.pdf", "服务申请表.pdf",
                           [ctx = c.ctx] { return service::forms::BlankRequestFormPdf(ctx); });
              }});
}

}  // namespace aftercare::http
