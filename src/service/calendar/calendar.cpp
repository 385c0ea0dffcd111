#include "service/calendar/calendar.h"

#include "core/text.h"
#include "service/closed_sets.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/tx.h"

namespace aftercare::service::calendar {
namespace {

// An entry spans at most this long (a visit of a few days at most), so a window
// reads entries by their start alone, from the index.
constexpr std::int64_t kMaxSpanSeconds = 31 * 86400;
constexpr std::size_t kMaxTitleChars = 200;

Item ItemFrom(const store::Row& r, Instant now) {
  Item it;
  it.id = r.Int("id");
  Entry& e = it.entry;
  e.source = ParseSource(r.Text("source")).value_or(Source::kInspection);
  e.source_id = r.Int("source_id");
  e.customer_id = r.Int("customer_id");
  e.contract_id = r.OptInt("contract_id");
  e.system_id = r.OptInt("system_id");
  e.engineer_id = r.OptInt("engineer_id");
  e.team_id = r.OptInt("team_id");
  e.starts_at = Instant{r.Int("starts_at")};
  e.ends_at = Instant{r.Int("ends_at")};
  e.title = r.Text("title");
  e.state = r.Text("state") == "done" ? State::kDone : State::kPlanned;
  it.customer_name = r.Text("customer_name");
  it.engineer_name = r.Text("engineer_name");
  it.team_name = r.Text("team_name");
  it.system_name = r.Text("system_name");
  it.overdue = e.state == State::kPlanned && e.ends_at.unix < now.unix;
  return it;
}

}  // namespace

std::string_view Name(Source s) { return NameIn(kSourceNames, s); }
std::string_view Name(State s) { return s == State::kDone ? "done" : "planned"; }
std::optional<Source> ParseSource(std::string_view s) { return ParseIn<Source>(kSourceNames, s); }

Status Put(store::Transaction& tx, const Entry& e) {
  if (e.title.empty() || CodePoints(e.title) > kMaxTitleChars) {
    return Error::Invalid("a calendar entry's title must have 1 to 200 characters", 0, "title");
  }
  if (e.ends_at.unix < e.starts_at.unix || e.ends_at.unix - e.starts_at.unix > kMaxSpanSeconds) {
    return Error::Invalid("a calendar entry must end after it starts, within 31 days", 0,
                          "ends_at");
  }
  std::optional<std::int64_t> team = e.team_id;
  if (!team && e.engineer_id) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT team_id FROM users WHERE id = $1", {*e.engineer_id}));
    if (!rows.empty()) team = rows[0].OptInt("team_id");
  }
  return tx.Exec(
      "INSERT INTO calendar_entries (source, source_id, customer_id, contract_id, system_id, "
      "engineer_id, team_id, starts_at, ends_at, title, state, updated_at) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (source, source_id) DO UPDATE SET "
      "customer_id = excluded.customer_id, contract_id = excluded.contract_id, system_id = "
      "excluded.system_id, engineer_id = excluded.engineer_id, team_id = excluded.team_id, "
      "starts_at = excluded.starts_at, ends_at = excluded.ends_at, title = excluded.title, "
      "state = excluded.state, updated_at = excluded.updated_at",
      {std::string(Name(e.source)), e.source_id, e.customer_id, OrNull(e.contract_id),
       OrNull(e.system_id), OrNull(e.engineer_id), OrNull(team), e.starts_at.unix,
       e.ends_at.unix, e.title, std::string(Name(e.state)), e.starts_at.unix});
}

Status Remove(store::Transaction& tx, Source source, std::int64_t source_id) {
  return tx.Exec("DELETE FROM calendar_entries WHERE source = $1 AND source_id = $2",
                 {std::string(Name(source)), source_id});
}

Result<Window> List(store::Database& db, const Context& ctx, const Filter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.to.unix <= f.from.unix || f.to.unix - f.from.unix > kMaxCalendarDays * 86400) {
    return Error::Invalid("the calendar's window must end after it starts, within 186 days", 0,
                          "to");
  }
  store::ParamList p;
  std::string where = "e.starts_at >= " + p.Add(f.from.unix - kMaxSpanSeconds) +
                      " AND e.starts_at < " + p.Add(f.to.unix) + " AND e.ends_at >= " +
                      p.Add(f.from.unix);
  std::optional<std::int64_t> customer = f.customer_id;
  if (!ctx.actor->vendor()) customer = ctx.actor->customer_id.value_or(-1);
  if (customer) where += " AND e.customer_id = " + p.Add(*customer);
  if (f.engineer_id) where += " AND e.engineer_id = " + p.Add(*f.engineer_id);
  if (f.team_id) where += " AND e.team_id = " + p.Add(*f.team_id);
  if (f.source) where += " AND e.source = " + p.Add(std::string(Name(*f.source)));
  std::string sql =
      "SELECT e.id, e.source, e.source_id, e.customer_id, e.contract_id, e.system_id, "
      "e.engineer_id, e.team_id, e.starts_at, e.ends_at, e.title, e.state, cu.name AS "
      "customer_name, COALESCE(u.display_name, '') AS engineer_name, COALESCE(t.name, '') AS "
      "team_name, COALESCE(s.name, '') AS system_name FROM calendar_entries e JOIN customers cu "
      "ON cu.id = e.customer_id LEFT JOIN users u ON u.id = e.engineer_id LEFT JOIN teams t ON "
      "t.id = e.team_id LEFT JOIN systems s ON s.id = e.system_id WHERE " +
      where + " ORDER BY e.starts_at, e.id LIMIT " + p.Add(std::int64_t(kMaxCalendarEntries + 1));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<Window> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    Window w;
    w.truncated = rows.size() > kMaxCalendarEntries;
    if (w.truncated) rows.erase(rows.begin() + kMaxCalendarEntries, rows.end());
    w.items.reserve(rows.size());
    for (const auto& r : rows) w.items.push_back(ItemFrom(r, ctx.now));
    return w;
  });
}

}  // namespace aftercare::service::calendar
