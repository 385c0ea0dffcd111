// Exports (issue 13 point 5; CON-2, CON-4, SLA-5): the ticket list with its filters,
// a contract's penalty ledger, the response-time analytics and the audit log as
// XLSX or CSV (?format=xlsx|csv). The same roles and filters as each list; the
// column titles in the client's language (Accept-Language, as for messages). The
// file is written on the server's slow pool to a temporary file, which the server
// sends from disk and removes; the vendor's exports are audited (service/exports).
#include <cstdio>
#include <map>
#include <memory>

#include "http/messages.h"
#include "http/routes/areas.h"
#include "http/routes/file_reply.h"
#include "http/routes/list_filters.h"
#include "service/exports/exports.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

using service::ExportTarget;
using Run = std::function<Result<std::int64_t>(const ExportTarget&)>;

const QueryParam kFormat = {"format", "string", "xlsx (the default) or csv"};

// XLSX unless the query names another.
Result<service::ExportFormat> ReadFormat(const Call& c) {
  auto f = service::ParseExportFormat(c.QueryStr("format").value_or("xlsx"));
  if (!f) return Error::Invalid("format must be xlsx or csv", 0, "format");
  return *f;
}

// The exports catalogue's words and the UI's terms in `language`, each rendered
// once per export (a million rows ask for the same few).
service::ExportWords WordsIn(Language language) {
  auto cache = std::make_shared<std::map<std::string, std::string, std::less<>>>();
  auto text = [cache, language](std::string_view key) -> std::string {
    auto it = cache->find(key);
    if (it != cache->end()) return it->second;
    std::string out = TranslateMessage(key, language).value_or(std::string(key));
    cache->emplace(std::string(key), out);
    return out;
  };
  auto term = [language](messages::TermKind kind, std::string_view name) {
    return std::string(UiTerm(kind, name, language).value_or(name));
  };
  return {text, term};
}

// Runs `run` on the slow pool into a temporary file and answers with it; `name`
// is the file's English name, `title` its catalogue key (its name in the client's
// language), both followed by today's date.
Reply Export(Call& c, std::string name, std::string_view title, Run run) {
  auto format = ReadFormat(c);
  if (!format.ok()) return c.Fail(format.error(), true);
  const Language language =
      PrefersChinese(c.req.header("Accept-Language")) ? Language::kZh : Language::kEn;
  const std::string today = FormatDate(DefaultZone().LocalDateOf(c.ctx.now));
  const std::string ext(service::ExportFileExtension(*format));
  std::string local = TranslateMessage(title, language).value_or(name);
  c.slow = [out = static_cast<Responder>(c), run = std::move(run), target = *format, language,
            ascii = name + "-" + today + "." + ext,
            local = local + "-" + today + "." + ext](std::chrono::milliseconds&) {
    return ReplyWithFile(
        out, "aftercare-export", "the export could not be written",
        [&](const std::string& path) -> Result<Reply> {
          AFTERCARE_ASSIGN_OR_RETURN(std::int64_t rows,
                                     run(ExportTarget{target, path, WordsIn(language)}));
          Reply r;
          r.content_type = std::string(service::ExportContentType(target));
          r.headers.emplace_back("Content-Disposition", AttachmentDisposition(ascii, local));
          r.headers.emplace_back("X-Export-Rows", std::to_string(rows));
          return r;
        });
  };
  return Reply{};
}

Reply Tickets(Call& c, ApiEnv& env) {
  auto f = ReadTicketFilter(c);
  if (!f.ok()) return c.Fail(f.error(), true);
  if (Status names = ReadTicketFilterNames(c, *f); !names.ok()) return c.Fail(names.error());
  return Export(c, "tickets", "Tickets", [&env, ctx = c.ctx, filter = *f](const ExportTarget& t) {
    return service::ExportTickets(env.db, ctx, filter, t);
  });
}

Reply Ledger(Call& c, ApiEnv& env) {
  const std::int64_t id = c.ids[0];
  return Export(c, "penalty-ledger-" + std::to_string(id), "Penalty ledger",
                [&env, ctx = c.ctx, id](const ExportTarget& t) {
                  return service::ExportLedger(env.db, ctx, id, t);
                });
}

Reply ResponseStats(Call& c, ApiEnv& env) {
  auto q = ReadResponseStatsQuery(c);
  if (!q.ok()) return c.Fail(q.error(), true);
  return Export(c, "response-times", "Response times",
                [&env, ctx = c.ctx, q = *q](const ExportTarget& t) {
                  return service::ExportResponseStats(env.db, ctx, q, t);
                });
}

Reply AuditLog(Call& c, ApiEnv& env) {
  auto f = ReadAuditFilter(c);
  if (!f.ok()) return c.Fail(f.error(), true);
  return Export(c, "audit-log", "Audit log", [&env, ctx = c.ctx, f = *f](const ExportTarget& t) {
    return service::ExportAuditLog(env.db, ctx, f, t);
  });
}

// CSV is UTF-8 with a byte order mark.
constexpr const char* kFile =
    "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace

void RegisterExportsRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/tickets/export",
              .summary = "the ticket list with the list's filters as XLSX or CSV (every "
                         "matching ticket, newest first; Party A: their own; a vendor's export "
                         "is audited)",
              .roles = kEveryone,
              .query = TicketFilterQuery({kFormat}),
              .response_type = kFile,
              .handler = [&env](Call& c) { return Tickets(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/contracts/{id}/ledger/export",
              .summary = "a contract's penalty ledger (CON-2) as XLSX or CSV: money in yuan, "
                         "times in the contract's zone (a vendor's export is audited)",
              .roles = kEveryone,
              .query = {kFormat},
              .response_type = kFile,
              .handler = [&env](Call& c) { return Ledger(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/analytics/response/export",
              .summary = "the response-time analytics (SLA-5) as XLSX or CSV: its rows, then "
                         "its rollups; the same filters (a vendor's export is audited)",
              .roles = kAnalyticsReaders,
              .query =
                  [] {
                    auto q = ResponseStatsQueryParams();
                    q.push_back(kFormat);
                    return q;
                  }(),
              .response_type = kFile,
              .handler = [&env](Call& c) { return ResponseStats(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/audit/export",
              .summary = "the audit log with its filters as XLSX or CSV, newest first "
                         "(administrators; audited)",
              .roles = kAdmins,
              .query = AuditFilterQuery({kFormat}),
              .response_type = kFile,
              .handler = [&env](Call& c) { return AuditLog(c, env); }});
}

}  // namespace aftercare::http
