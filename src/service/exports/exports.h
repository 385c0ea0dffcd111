// Exports (issue 13 point 5; CON-2, CON-4, SLA-5): the ticket list with its filters,
// a contract's penalty ledger, the response-time analytics and the audit log, as
// XLSX or CSV (table_writer.h), written to a file the caller names and sends.
//   - Each reads through its area's own service and so keeps its rules: who may
//     read (the same roles as the list), Party A only its own customer's tickets,
//     ledgers and figures; an error of that service comes back unchanged.
//   - Tickets are read in pages (keyset by id, kTicketPage per query), so a million
//     tickets never sit in memory: a row is written as it is read.
//   - Column titles and value names are in the reader's language (`ExportWords`);
//     money is yuan, times are local date-times in the contract's zone (the
//     default zone where no contract applies: the audit log, a ticket without one).
//   - Every export by the vendor is audited (action "export", the entity, the
//     format, the filter and how many rows) once the file is complete; Party A's
//     export of its own data is not (their reads are not). An export that fails
//     leaves no audit entry; the caller removes its file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/message_catalogue.h"
#include "service/analytics/analytics.h"
#include "service/audit/audit.h"
#include "service/context.h"
#include "service/exports/table_writer.h"
#include "service/tickets/tickets.h"
#include "store/db.h"

namespace aftercare::service {

inline constexpr int kTicketPage = 5000;

// The words of an export in its reader's language.
struct ExportWords {
  // A key of the exports catalogue (a column's title, a value's name).
  std::function<std::string(std::string_view key)> text;
  // A term of the UI (a ticket status, an SLA metric).
  std::function<std::string(messages::TermKind kind, std::string_view name)> term;
};

struct ExportTarget {
  ExportFormat format = ExportFormat::kXlsx;
  std::string path;  // created or truncated
  ExportWords words;
};

// Each returns how many rows it wrote (the header not counted).
// Tickets: everyone signed in; the list's filter (its cursor, limit and order
// ignored: every matching ticket, newest first).
Result<std::int64_t> ExportTickets(store::Database& db, const Context& ctx, const TicketFilter& f,
                                   const ExportTarget& out);
// A contract's penalty ledger (CON-2): whoever may see the contract's compliance.
Result<std::int64_t> ExportLedger(store::Database& db, const Context& ctx, std::int64_t contract_id,
                                  const ExportTarget& out);
// The response-time analytics (SLA-5): its rows, then its rollups (type or priority
// "all"; week "whole period").
Result<std::int64_t> ExportResponseStats(store::Database& db, const Context& ctx,
                                         const ResponseStatsQuery& q, const ExportTarget& out);
// The audit log (administrators), newest first, with QueryAudit's filters (its
// cursor and limit ignored).
Result<std::int64_t> ExportAuditLog(store::Database& db, const Context& ctx, const AuditFilter& f,
                                    const ExportTarget& out);

}  // namespace aftercare::service
