#include "service/surveys/surveys.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/sha256.h"
#include "core/text.h"
#include "service/audit/audit.h"
#include "service/contracts/contracts.h"
#include "service/deliveries/deliveries.h"
#include "service/notices/notices.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/tx.h"

namespace aftercare::service::surveys {
namespace {

using nlohmann::json;

constexpr int kBatch = 500;
constexpr std::size_t kMaxNote = 2000;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxLinkBase = 200;
constexpr int kMaxMonths = 36;

// The score columns, in the order of kDimensions.
constexpr std::array<const char*, kDimensionCount> kColumns = {"s_attitude",      "s_efficiency",
                                                               "s_communication", "s_completeness",
                                                               "s_usability",     "s_timeliness"};

constexpr const char* kSurveySelect =
    "SELECT s.id, s.kind, s.ticket_id, s.campaign_id, s.customer_id, s.team_id, s.engineer_id, "
    "s.request_type, s.onsite, s.sent_at, s.expires_at, s.answered_at, s.source, s.s_attitude, "
    "s.s_efficiency, s.s_communication, s.s_completeness, s.s_usability, s.s_timeliness, "
    "s.overall, s.nps, s.comment, c.name AS customer_name, COALESCE(t.title, '') AS "
    "ticket_title, COALESCE(eu.display_name, '') AS engineer_name, COALESCE(tm.name, '') AS "
    "team_name, COALESCE(k.title, '') AS campaign_title, COALESCE(k.asks_nps, 0) AS asks_nps, "
    "COALESCE(pu.display_name, '') AS entered_by_name, f.id AS follow_up_id FROM surveys s "
    "JOIN customers c ON c.id = s.customer_id LEFT JOIN tickets t ON t.id = s.ticket_id "
    "LEFT JOIN users eu ON eu.id = s.engineer_id LEFT JOIN teams tm ON tm.id = s.team_id "
    "LEFT JOIN survey_campaigns k ON k.id = s.campaign_id LEFT JOIN users pu ON pu.id = "
    "s.entered_by LEFT JOIN survey_follow_ups f ON f.survey_id = s.id";

Survey SurveyFrom(const store::Row& r, Instant now) {
  Survey s;
  s.id = r.Int("id");
  s.kind = r.Text("kind");
  s.ticket_id = r.OptInt("ticket_id");
  s.campaign_id = r.OptInt("campaign_id");
  s.customer_id = r.Int("customer_id");
  s.team_id = r.OptInt("team_id");
  s.engineer_id = r.OptInt("engineer_id");
  s.request_type = r.Text("request_type");
  s.onsite = r.Int("onsite") != 0;
  s.asks_nps = r.Int("asks_nps") != 0;
  s.sent_at = Instant{r.Int("sent_at")};
  s.expires_at = Instant{r.Int("expires_at")};
  s.customer_name = r.Text("customer_name");
  s.ticket_number = s.ticket_id ? TicketNumber(*s.ticket_id) : std::string();
  s.ticket_title = r.Text("ticket_title");
  s.engineer_name = r.Text("engineer_name");
  s.team_name = r.Text("team_name");
  s.campaign_title = r.Text("campaign_title");
  s.entered_by_name = r.Text("entered_by_name");
  s.follow_up_id = r.OptInt("follow_up_id");
  if (auto at = r.OptInt("answered_at")) {
    s.answered_at = Instant{*at};
    s.status = "answered";
    s.source = r.Text("source");
    Answer a;
    for (int i = 0; i < kDimensionCount; ++i) a.scores[i] = static_cast<int>(r.Int(kColumns[i]));
    a.overall = static_cast<int>(r.Int("overall"));
    if (auto n = r.OptInt("nps")) a.nps = static_cast<int>(*n);
    a.comment = r.Text("comment");
    s.answer = a;
  } else {
    s.status = s.expires_at <= now ? "expired" : "pending";
  }
  return s;
}

int MonthOf(Instant t) {
  const std::string d = FormatDate(DefaultZone().LocalDateOf(t));  // YYYY-MM-DD
  return std::stoi(d.substr(0, 4)) * 100 + std::stoi(d.substr(5, 2));
}

std::string NewToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  return HexOf(raw, sizeof raw);
}

Error BadLink() {
  return Error{ErrorCode::kNotFound, "this survey link is not valid", "token", 0, {}};
}

Result<Settings> LoadSettings(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT name, value FROM survey_settings"));
  Settings s;
  for (const auto& r : rows) {
    const std::string& name = r.Text("name");
    const std::string& v = r.Text("value");
    if (name == "link_base") {
      s.link_base = v;
      continue;
    }
    const int n = std::atoi(v.c_str());
    if (name == "expiry_days") s.expiry_days = n;
    if (name == "unsatisfied_at_most") s.unsatisfied_at_most = n;
    if (name == "target_average_centi") s.target_average_centi = n;
    if (name == "target_csat_percent") s.target_csat_percent = n;
  }
  return s;
}

// Tells the customer's Party A users of a survey to answer: the link in the mail, the
// portal in the app.
Status AnnounceSurvey(store::Transaction& tx, std::int64_t survey_id, std::int64_t customer_id,
                      const std::string& event_key, json data, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto people, ActivePartyAUsers(tx, customer_id));
  data["survey_id"] = survey_id;
  Announcement a{NotificationKind::kSurveyRequest,
                 event_key,
                 std::nullopt,
                 std::nullopt,
                 std::nullopt,
                 std::move(data)};
  if (auto t = a.data.find("ticket_id"); t != a.data.end()) a.ticket_id = t->get<std::int64_t>();
  return Announce(tx, a, people, now).status();
}

std::string LinkOf(const Settings& s, const std::string& token) {
  return s.link_base + "/s/" + token;
}

Result<Survey> LoadSurvey(store::Transaction& tx, std::int64_t id, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(std::string(kSurveySelect) + " WHERE s.id = $1", {id}));
  if (rows.empty()) return NotFound("survey");
  return SurveyFrom(rows[0], now);
}

// Ok when the actor may see `s`: Party A their customer's, engineers their own.
Status RequireVisible(const Context& ctx, const Survey& s) {
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, s.customer_id, "survey"));
  if (ctx.actor->role == Role::kEngineer && s.engineer_id != ctx.actor->user_id) {
    return NotFound("survey");
  }
  return {};
}

Status ValidateAnswer(const Answer& a, bool asks_nps) {
  for (int i = 0; i < kDimensionCount; ++i) {
    if (a.scores[i] < 1 || a.scores[i] > 5) {
      const std::string field(kDimensions[i]);
      return Error::Invalid(field + " must be 1 to 5", 0, field);
    }
  }
  if (a.overall < 1 || a.overall > 5) return Error::Invalid("overall must be 1 to 5", 0, "overall");
  if (a.nps) {
    if (!asks_nps) {
      return Error::Invalid("this survey does not ask whether you would recommend us", 0, "nps");
    }
    if (*a.nps < 0 || *a.nps > 10) return Error::Invalid("nps must be 0 to 10", 0, "nps");
  }
  if (!IsValidUtf8(a.comment) || CodePoints(a.comment) > kMaxComment) {
    return Error::Invalid("comment must be at most 2000 characters", 0, "comment");
  }
  return {};
}

// Whether `s` may take an answer now (a paper form also after its link expired).
Status RequireOpen(const Survey& s, bool paper) {
  if (s.status == "answered") {
    return Error{ErrorCode::kConflict, "this survey has already been answered", {}, 0, {}};
  }
  if (s.status == "expired" && !paper) {
    return Error{ErrorCode::kConflict, "this survey link has expired", {}, 0, {}};
  }
  return {};
}

bool Unsatisfied(const Answer& a, int at_most) {
  const int lowest = std::min(a.overall, *std::min_element(a.scores.begin(), a.scores.end()));
  return lowest <= at_most;
}

// 不满意跟进 for the leader of the survey's team (none: the managers).
Status OpenFollowUp(store::Transaction& tx, const Context& ctx, const Survey& s) {
  std::optional<std::int64_t> leader;
  if (s.team_id) {
    AFTERCARE_ASSIGN_OR_RETURN(auto t,
                               tx.Query("SELECT leader_id FROM teams WHERE id = $1", {*s.team_id}));
    if (!t.empty()) leader = t[0].OptInt("leader_id");
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("INSERT INTO survey_follow_ups (survey_id, team_id, leader_id, status, "
                          "opened_at) VALUES ($1, $2, $3, 'open', $4) RETURNING id",
                          {s.id, store::OrNull(s.team_id), store::OrNull(leader), ctx.now.unix}));
  const std::int64_t id = rows[0].Int("id");
  std::vector<Person> people;
  if (leader) {
    AFTERCARE_ASSIGN_OR_RETURN(people, notices::ActiveUsers(tx, "id = $1", {*leader}));
  } else {
    AFTERCARE_ASSIGN_OR_RETURN(people,
                               notices::ActiveUsers(tx, "role = $1", {std::string("manager")}));
  }
  Announcement a{NotificationKind::kSurveyUnsatisfied,
                 "survey_unsatisfied:" + std::to_string(id),
                 s.ticket_id,
                 std::nullopt,
                 s.team_id,
                 {{"follow_up_id", id},
                  {"survey_id", s.id},
                  {"customer", s.customer_name},
                  {"ticket_number", s.ticket_number},
                  {"ticket_title", s.ticket_title}}};
  AFTERCARE_RETURN_IF_ERROR(Announce(tx, a, people, ctx.now).status());
  return Audit(tx, ctx, "open", "survey_follow_up", std::to_string(id), nullptr,
               {{"survey_id", s.id}}, s.customer_id);
}

json AnswerJson(const Answer& a, const std::string& source) {
  json j = {{"overall", a.overall}, {"source", source}, {"comment", a.comment}};
  for (int i = 0; i < kDimensionCount; ++i) j[std::string(kDimensions[i])] = a.scores[i];
  if (a.nps) j["nps"] = *a.nps;
  return j;
}

// Records `a` on `s` (checked open) from `source`; opens a follow-up when unsatisfied.
Result<Survey> RecordAnswer(store::Transaction& tx, const Context& ctx, const Survey& s,
                            const Answer& a, const std::string& source) {
  AFTERCARE_RETURN_IF_ERROR(RequireOpen(s, source == "paper"));
  AFTERCARE_RETURN_IF_ERROR(ValidateAnswer(a, s.asks_nps));
  store::Value by = store::Null{};
  if (ctx.actor && source == "paper") by = ctx.actor->user_id;
  std::vector<store::Value> params = {ctx.now.unix, source, by};
  for (int score : a.scores) params.emplace_back(std::int64_t{score});
  params.emplace_back(std::int64_t{a.overall});
  params.emplace_back(store::OrNull(a.nps ? std::optional<std::int64_t>(*a.nps) : std::nullopt));
  params.emplace_back(a.comment);
  params.emplace_back(s.id);
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("UPDATE surveys SET answered_at = $1, source = $2, entered_by = $3, s_attitude = $4, "
              "s_efficiency = $5, s_communication = $6, s_completeness = $7, s_usability = $8, "
              "s_timeliness = $9, overall = $10, nps = $11, comment = $12 WHERE id = $13 AND "
              "answered_at IS NULL",
              params));
  AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, source == "paper" ? "enter_paper" : "answer", "survey",
                                  std::to_string(s.id), nullptr, AnswerJson(a, source),
                                  s.customer_id));
  AFTERCARE_ASSIGN_OR_RETURN(Settings settings, LoadSettings(tx));
  if (Unsatisfied(a, settings.unsatisfied_at_most)) {
    AFTERCARE_RETURN_IF_ERROR(OpenFollowUp(tx, ctx, s));
  }
  return LoadSurvey(tx, s.id, ctx.now);
}

Result<std::optional<std::int64_t>> Cursor(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT last_id FROM survey_cursors WHERE name = 'ticket_events'"));
  if (!rows.empty()) return std::optional<std::int64_t>(rows[0].Int("last_id"));
  // The first run starts from the newest entry: nothing resolved before is surveyed.
  AFTERCARE_ASSIGN_OR_RETURN(auto max,
                             tx.Query("SELECT COALESCE(MAX(id), 0) AS id FROM ticket_events"));
  AFTERCARE_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO survey_cursors (name, last_id) VALUES ('ticket_events', $1)",
              {max[0].Int("id")}));
  return std::optional<std::int64_t>();
}

jobs::NewJob FollowJob(Instant at, std::int64_t n) {
  return jobs::NewJob{std::string(kFollowJob),
                      "surveys.follow:" + std::to_string(at.unix) + ":" + std::to_string(n),
                      {{"n", n}},
                      at,
                      std::nullopt};
}

Status CheckNote(const std::string& note) {
  if (!IsValidUtf8(note) || note.empty() || CodePoints(note) > kMaxNote) {
    return Error::Invalid("note must be 1 to 2000 characters", 0, "note");
  }
  return {};
}

}  // namespace

std::optional<int> ParseMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int v = 0;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  if (v % 100 < 1 || v % 100 > 12 || v / 100 < 2000 || v / 100 > 2100) return std::nullopt;
  return v;
}

std::string FormatMonth(int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month / 100, month % 100);
  return buf;
}

Status EnsureSurveyJobs(store::Database& db, Instant now) {
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto follow, tx.Query("SELECT 1 FROM jobs WHERE kind = $1 AND state <> 'dead' LIMIT 1",
                              {std::string(kFollowJob)}));
    if (!follow.empty()) return {};
    return jobs::Enqueue(tx, FollowJob(now, 0), now).status();
  });
}

Status FollowResolutions(store::Transaction& tx, const jobs::Job& job, Instant now) {
  AFTERCARE_ASSIGN_OR_RETURN(auto cursor, Cursor(tx));
  if (cursor) {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT id, ticket_id, kind, at FROM ticket_events WHERE id > $1 ORDER "
                            "BY id LIMIT $2",
                            {*cursor, std::int64_t{kBatch}}));
    for (const auto& e : rows) {
      if (e.Text("kind") != "resolved") continue;
      AFTERCARE_RETURN_IF_ERROR(
          SendTicketSurvey(tx, e.Int("ticket_id"), Instant{e.Int("at")}, now).status());
    }
    if (!rows.empty()) {
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("UPDATE survey_cursors SET last_id = $1 WHERE name = 'ticket_events'",
                  {rows.back().Int("id")}));
    }
  }
  const std::int64_t n = job.payload.value("n", std::int64_t{0}) + 1;
  return jobs::Enqueue(tx, FollowJob(now + kFollowEvery, n), now).status();
}

Result<std::optional<Sent>> SendTicketSurvey(store::Transaction& tx, std::int64_t ticket_id,
                                             Instant resolved_at, Instant now, bool announce) {
  AFTERCARE_ASSIGN_OR_RETURN(auto had,
                             tx.Query("SELECT 1 FROM surveys WHERE ticket_id = $1", {ticket_id}));
  if (!had.empty()) return std::optional<Sent>();
  AFTERCARE_ASSIGN_OR_RETURN(
      auto t, tx.Query("SELECT t.customer_id, t.type, t.title, t.assignee_id, u.team_id, "
                       "(SELECT COUNT(*) FROM ticket_events e WHERE e.ticket_id = t.id AND "
                       "e.kind = 'onsite_arrived') AS onsite FROM tickets t LEFT JOIN users u ON "
                       "u.id = t.assignee_id WHERE t.id = $1",
                       {ticket_id}));
  if (t.empty()) return NotFound("ticket");
  AFTERCARE_ASSIGN_OR_RETURN(Settings settings, LoadSettings(tx));
  Sent sent{0, NewToken()};
  const Instant expires = resolved_at + static_cast<Seconds>(settings.expiry_days) * kSecondsPerDay;
  AFTERCARE_ASSIGN_OR_RETURN(
      auto ins,
      tx.Query("INSERT INTO surveys (kind, ticket_id, customer_id, team_id, engineer_id, "
               "request_type, onsite, token_hash, sent_at, month, expires_at) VALUES ('service', "
               "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
               {ticket_id, t[0].Int("customer_id"), store::OrNull(t[0].OptInt("team_id")),
                store::OrNull(t[0].OptInt("assignee_id")), t[0].Text("type"),
                std::int64_t{t[0].Int("onsite") > 0 ? 1 : 0}, Sha256Hex(sent.token), now.unix,
                std::int64_t{MonthOf(resolved_at)}, expires.unix}));
  sent.id = ins[0].Int("id");
  if (!announce) return std::optional<Sent>(sent);
  AFTERCARE_RETURN_IF_ERROR(AnnounceSurvey(tx, sent.id, t[0].Int("customer_id"),
                                           "survey:" + std::to_string(sent.id),
                                           {{"link", LinkOf(settings, sent.token)},
                                            {"ticket_id", ticket_id},
                                            {"ticket_number", TicketNumber(ticket_id)},
                                            {"ticket_title", t[0].Text("title")},
                                            {"expires_at", FormatRfc3339(expires, DefaultZone())}},
                                           now));
  return std::optional<Sent>(sent);
}

Status SendReminders(store::Transaction& tx, const jobs::Job& job, Instant now) {
  const std::int64_t campaign = job.payload.value("campaign_id", std::int64_t{0});
  AFTERCARE_ASSIGN_OR_RETURN(Settings settings, LoadSettings(tx));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT s.id, s.customer_id, s.expires_at, k.title FROM surveys s JOIN "
                          "survey_campaigns k ON k.id = s.campaign_id WHERE s.campaign_id = $1 "
                          "AND s.answered_at IS NULL AND s.expires_at > $2 ORDER BY s.id",
                          {campaign, now.unix}));
  // The link's token is not kept: the reminder sends to the portal.
  for (const auto& r : rows) {
    AFTERCARE_RETURN_IF_ERROR(AnnounceSurvey(
        tx, r.Int("id"), r.Int("customer_id"), "survey_reminder:" + std::to_string(r.Int("id")),
        {{"link", settings.link_base + "/portal/surveys"},
         {"campaign", r.Text("title")},
         {"reminder", true},
         {"expires_at", FormatRfc3339(Instant{r.Int("expires_at")}, DefaultZone())}},
        now));
  }
  return {};
}

Result<PublicForm> FormByToken(store::Database& db, const std::string& token, Instant now) {
  if (token.size() != 64) return BadLink();
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<PublicForm> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(std::string(kSurveySelect) + " WHERE s.token_hash = $1", {Sha256Hex(token)}));
    if (rows.empty()) return BadLink();
    const Survey s = SurveyFrom(rows[0], now);
    AFTERCARE_RETURN_IF_ERROR(RequireOpen(s, false));
    return PublicForm{s.kind,         s.customer_name, s.ticket_number,
                      s.ticket_title, s.engineer_name, s.campaign_title,
                      s.onsite,       s.asks_nps,      s.expires_at};
  });
}

Status AnswerByToken(store::Database& db, const Context& ctx, const std::string& token,
                     const Answer& a) {
  if (token.size() != 64) return BadLink();
  return InTransaction(db, true, [&](store::Transaction& tx) -> Status {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(std::string(kSurveySelect) + " WHERE s.token_hash = $1", {Sha256Hex(token)}));
    if (rows.empty()) return BadLink();
    return RecordAnswer(tx, ctx, SurveyFrom(rows[0], ctx.now), a, "link").status();
  });
}

Result<SurveyPage> ListSurveys(store::Database& db, const Context& ctx, const SurveyFilter& f) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  if (f.limit < 1 || f.limit > 200) return Error::Invalid("limit must be 1 to 200", 0, "limit");
  std::string sql = std::string(kSurveySelect) + " WHERE 1 = 1";
  store::ParamList p;
  std::optional<std::int64_t> customer = f.customer_id;
  if (ctx.actor->role == Role::kPartyA) customer = ctx.actor->customer_id.value_or(-1);
  if (ctx.actor->role == Role::kEngineer)
    sql += " AND s.engineer_id = " + p.Add(ctx.actor->user_id);
  if (customer) sql += " AND s.customer_id = " + p.Add(*customer);
  if (f.team_id) sql += " AND s.team_id = " + p.Add(*f.team_id);
  if (f.campaign_id) sql += " AND s.campaign_id = " + p.Add(*f.campaign_id);
  if (f.ticket_id) sql += " AND s.ticket_id = " + p.Add(*f.ticket_id);
  if (f.kind) {
    if (*f.kind != "service" && *f.kind != "campaign") {
      return Error::Invalid("kind must be service or campaign", 0, "kind");
    }
    sql += " AND s.kind = " + p.Add(*f.kind);
  }
  if (f.status) {
    if (*f.status == "answered") {
      sql += " AND s.answered_at IS NOT NULL";
    } else if (*f.status == "pending" || *f.status == "expired") {
      sql += " AND s.answered_at IS NULL AND s.expires_at " +
             std::string(*f.status == "pending" ? "> " : "<= ") + p.Add(ctx.now.unix);
    } else {
      return Error::Invalid("status must be pending, answered or expired", 0, "status");
    }
  }
  if (f.before_id) sql += " AND s.id < " + p.Add(*f.before_id);
  sql += " ORDER BY s.id DESC LIMIT " + std::to_string(f.limit + 1);
  return InTransaction(db, ctx.actor->vendor(), [&](store::Transaction& tx) -> Result<SurveyPage> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    SurveyPage page;
    std::map<std::int64_t, std::int64_t> by_customer;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(f.limit); ++i) {
      page.items.push_back(SurveyFrom(rows[i], ctx.now));
      ++by_customer[page.items.back().customer_id];
    }
    if (rows.size() > static_cast<std::size_t>(f.limit)) page.next_before = page.items.back().id;
    if (ctx.actor->vendor() && !by_customer.empty()) {
      AFTERCARE_RETURN_IF_ERROR(
          AuditReadsByCustomer(tx, ctx, "list", "survey", "", json::object(), by_customer));
    }
    return page;
  });
}

Result<Survey> GetSurvey(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<Survey> {
    AFTERCARE_ASSIGN_OR_RETURN(Survey s, LoadSurvey(tx, id, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(RequireVisible(ctx, s));
    return s;
  });
}

Result<Survey> AnswerSurvey(store::Database& db, const Context& ctx, std::int64_t id,
                            const Answer& a) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, {Role::kPartyA}));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Survey> {
    AFTERCARE_ASSIGN_OR_RETURN(Survey s, LoadSurvey(tx, id, ctx.now));
    AFTERCARE_RETURN_IF_ERROR(RequireVisible(ctx, s));
    return RecordAnswer(tx, ctx, s, a, "portal");
  });
}

Result<Survey> EnterPaperSurvey(store::Database& db, const Context& ctx, std::int64_t id,
                                const Answer& a) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kSurveyClerks));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Survey> {
    AFTERCARE_ASSIGN_OR_RETURN(Survey s, LoadSurvey(tx, id, ctx.now));
    return RecordAnswer(tx, ctx, s, a, "paper");
  });
}

namespace {

constexpr const char* kFollowUpSelect =
    "SELECT f.id, f.survey_id, f.team_id, f.leader_id, f.status, f.opened_at, f.closed_at, "
    "COALESCE(tm.name, '') AS f_team_name, COALESCE(lu.display_name, '') AS leader_name FROM "
    "survey_follow_ups f LEFT JOIN teams tm ON tm.id = f.team_id LEFT JOIN users lu ON lu.id = "
    "f.leader_id";

FollowUp FollowUpFrom(const store::Row& r) {
  FollowUp f;
  f.id = r.Int("id");
  f.survey_id = r.Int("survey_id");
  f.team_id = r.OptInt("team_id");
  f.leader_id = r.OptInt("leader_id");
  f.team_name = r.Text("f_team_name");
  f.leader_name = r.Text("leader_name");
  f.status = r.Text("status");
  f.opened_at = Instant{r.Int("opened_at")};
  if (auto c = r.OptInt("closed_at")) f.closed_at = Instant{*c};
  return f;
}

// A team leader's follow-ups: their team's, or those they lead.
std::string FollowUpScope(const Context& ctx, store::ParamList& p) {
  if (ctx.actor->role != Role::kTeamLeader) return "";
  const std::string me = p.Add(ctx.actor->user_id);
  return " AND (f.leader_id = " + me +
         " OR f.team_id IN (SELECT team_id FROM users WHERE id = " + me +
         " AND team_id IS NOT NULL) OR f.team_id IN (SELECT id FROM teams WHERE leader_id = " + me +
         "))";
}

Result<FollowUp> LoadFollowUp(store::Transaction& tx, const Context& ctx, std::int64_t id) {
  store::ParamList p;
  const std::string sql =
      std::string(kFollowUpSelect) + " WHERE f.id = " + p.Add(id) + FollowUpScope(ctx, p);
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
  if (rows.empty()) return NotFound("follow-up");
  FollowUp f = FollowUpFrom(rows[0]);
  AFTERCARE_ASSIGN_OR_RETURN(f.survey, LoadSurvey(tx, f.survey_id, ctx.now));
  AFTERCARE_ASSIGN_OR_RETURN(
      auto acts, tx.Query("SELECT a.id, a.at, a.kind, a.note, u.display_name FROM "
                          "survey_follow_up_actions a JOIN users u ON u.id = a.actor_id WHERE "
                          "a.follow_up_id = $1 ORDER BY a.id",
                          {id}));
  for (const auto& a : acts) {
    f.actions.push_back({a.Int("id"), Instant{a.Int("at")}, a.Text("display_name"), a.Text("kind"),
                         a.Text("note")});
  }
  return f;
}

}  // namespace

Result<std::vector<FollowUp>> ListFollowUps(store::Database& db, const Context& ctx,
                                            std::optional<std::string> status) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  store::ParamList p;
  std::string sql = std::string(kFollowUpSelect) + " WHERE 1 = 1" + FollowUpScope(ctx, p);
  if (status) {
    if (*status != "open" && *status != "closed") {
      return Error::Invalid("status must be open or closed", 0, "status");
    }
    sql += " AND f.status = " + p.Add(*status);
  }
  sql += " ORDER BY f.id DESC LIMIT 500";
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<FollowUp>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, p.values()));
    std::vector<FollowUp> out;
    for (const auto& r : rows) {
      out.push_back(FollowUpFrom(r));
      AFTERCARE_ASSIGN_OR_RETURN(out.back().survey, LoadSurvey(tx, out.back().survey_id, ctx.now));
    }
    return out;
  });
}

Result<FollowUp> GetFollowUp(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  return InTransaction(db, false,
                       [&](store::Transaction& tx) { return LoadFollowUp(tx, ctx, id); });
}

Result<FollowUp> RecordFollowUp(store::Database& db, const Context& ctx, std::int64_t id,
                                const std::string& kind, const std::string& note) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  if (kind != "contact" && kind != "action" && kind != "still_unsatisfied" && kind != "confirmed") {
    return Error::Invalid("kind must be contact, action, still_unsatisfied or confirmed", 0,
                          "kind");
  }
  AFTERCARE_RETURN_IF_ERROR(CheckNote(note));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<FollowUp> {
    AFTERCARE_ASSIGN_OR_RETURN(FollowUp f, LoadFollowUp(tx, ctx, id));
    if (f.status == "closed") {
      return Error{ErrorCode::kConflict, "this follow-up is closed", {}, 0, {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO survey_follow_up_actions (follow_up_id, at, actor_id, kind, note) "
                "VALUES ($1, $2, $3, $4, $5)",
                {id, ctx.now.unix, ctx.actor->user_id, kind, note}));
    if (kind == "confirmed") {
      AFTERCARE_RETURN_IF_ERROR(
          tx.Exec("UPDATE survey_follow_ups SET status = 'closed', closed_at = $1 WHERE id = $2",
                  {ctx.now.unix, id}));
    }
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, kind == "confirmed" ? "close" : "record",
                                    "survey_follow_up", std::to_string(id), nullptr,
                                    {{"kind", kind}, {"note", note}}, f.survey.customer_id));
    return LoadFollowUp(tx, ctx, id);
  });
}

namespace {

Status ValidateCampaign(const NewCampaign& in, Instant now) {
  if (!IsValidUtf8(in.title) || in.title.empty() || CodePoints(in.title) > kMaxTitle) {
    return Error::Invalid("title must be 1 to 200 characters", 0, "title");
  }
  const LocalDate today = DefaultZone().LocalDateOf(now);
  if (in.deadline.days <= today.days || in.deadline.days > today.days + 366) {
    return Error::Invalid("deadline must be after today and within a year", 0, "deadline");
  }
  if (in.remind_days < 0 || in.remind_days > 30) {
    return Error::Invalid("remind_days must be 0 to 30", 0, "remind_days");
  }
  if (in.customer_ids.size() > static_cast<std::size_t>(kMaxCampaignCustomers)) {
    return Error::Invalid("customer_ids: at most 1000 customers", 0, "customer_ids");
  }
  return {};
}

Result<std::vector<std::int64_t>> CampaignCustomers(store::Transaction& tx,
                                                    const std::vector<std::int64_t>& chosen) {
  std::vector<std::int64_t> out;
  if (chosen.empty()) {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id FROM customers ORDER BY id"));
    for (const auto& r : rows) out.push_back(r.Int("id"));
    return out;
  }
  std::set<std::int64_t> seen;
  for (std::int64_t id : chosen) {
    if (!seen.insert(id).second) continue;
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT 1 FROM customers WHERE id = $1", {id}));
    if (rows.empty()) {
      return Error::Invalid("customer_ids: customer " + std::to_string(id) + " does not exist", 0,
                            "customer_ids");
    }
    out.push_back(id);
  }
  return out;
}

constexpr const char* kCampaignSelect =
    "SELECT k.id, k.title, k.asks_nps, k.deadline, k.remind_days, k.created_at, u.display_name, "
    "(SELECT COUNT(*) FROM surveys s WHERE s.campaign_id = k.id) AS sent, (SELECT COUNT(*) FROM "
    "surveys s WHERE s.campaign_id = k.id AND s.answered_at IS NOT NULL) AS answered FROM "
    "survey_campaigns k JOIN users u ON u.id = k.created_by";

Campaign CampaignFrom(const store::Row& r) {
  return Campaign{r.Int("id"),
                  r.Text("title"),
                  r.Int("asks_nps") != 0,
                  Instant{r.Int("deadline")},
                  static_cast<int>(r.Int("remind_days")),
                  r.Text("display_name"),
                  Instant{r.Int("created_at")},
                  r.Int("sent"),
                  r.Int("answered")};
}

}  // namespace

Result<Campaign> CreateCampaign(store::Database& db, const Context& ctx, const NewCampaign& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kManagersAndAdmins));
  AFTERCARE_RETURN_IF_ERROR(ValidateCampaign(in, ctx.now));
  // Its surveys expire as the deadline's day ends.
  const Instant deadline = DefaultZone().ToInstant(in.deadline + 1, 0);
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Campaign> {
    AFTERCARE_ASSIGN_OR_RETURN(auto customers, CampaignCustomers(tx, in.customer_ids));
    AFTERCARE_ASSIGN_OR_RETURN(Settings settings, LoadSettings(tx));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto ins, tx.Query("INSERT INTO survey_campaigns (title, asks_nps, deadline, remind_days, "
                           "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                           {in.title, std::int64_t{in.asks_nps ? 1 : 0}, deadline.unix,
                            std::int64_t{in.remind_days}, ctx.actor->user_id, ctx.now.unix}));
    const std::int64_t id = ins[0].Int("id");
    for (std::int64_t customer : customers) {
      const std::string token = NewToken();
      AFTERCARE_ASSIGN_OR_RETURN(
          auto s, tx.Query("INSERT INTO surveys (kind, campaign_id, customer_id, token_hash, "
                           "sent_at, month, expires_at) VALUES ('campaign', $1, $2, $3, $4, $5, "
                           "$6) RETURNING id",
                           {id, customer, Sha256Hex(token), ctx.now.unix,
                            std::int64_t{MonthOf(ctx.now)}, deadline.unix}));
      AFTERCARE_RETURN_IF_ERROR(
          AnnounceSurvey(tx, s[0].Int("id"), customer, "survey:" + std::to_string(s[0].Int("id")),
                         {{"link", LinkOf(settings, token)},
                          {"campaign", in.title},
                          {"expires_at", FormatRfc3339(deadline, DefaultZone())}},
                         ctx.now));
    }
    const Instant remind_at = deadline - static_cast<Seconds>(in.remind_days) * kSecondsPerDay;
    if (in.remind_days > 0 && remind_at > ctx.now) {
      AFTERCARE_RETURN_IF_ERROR(jobs::Enqueue(tx,
                                              jobs::NewJob{std::string(kRemindJob),
                                                           "surveys.remind:" + std::to_string(id),
                                                           {{"campaign_id", id}},
                                                           remind_at,
                                                           std::nullopt},
                                              ctx.now)
                                    .status());
    }
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "survey_campaign", std::to_string(id),
                                    nullptr,
                                    {{"title", in.title},
                                     {"customers", customers.size()},
                                     {"deadline", FormatDate(in.deadline)}}));
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query(std::string(kCampaignSelect) + " WHERE k.id = $1", {id}));
    return CampaignFrom(rows[0]);
  });
}

Result<std::vector<Campaign>> ListCampaigns(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kManagersAndAdmins));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Campaign>> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query(std::string(kCampaignSelect) + " ORDER BY k.id DESC LIMIT 200"));
    std::vector<Campaign> out;
    for (const auto& r : rows) out.push_back(CampaignFrom(r));
    return out;
  });
}

Result<Settings> GetSettings(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  return InTransaction(db, false, [](store::Transaction& tx) { return LoadSettings(tx); });
}

namespace {

Status ValidateSettings(const Settings& s) {
  if (s.expiry_days < 1 || s.expiry_days > 365) {
    return Error::Invalid("expiry_days must be 1 to 365", 0, "expiry_days");
  }
  if (s.unsatisfied_at_most < 1 || s.unsatisfied_at_most > 4) {
    return Error::Invalid("unsatisfied_at_most must be 1 to 4", 0, "unsatisfied_at_most");
  }
  if (s.target_average_centi < 100 || s.target_average_centi > 500) {
    return Error::Invalid("target_average must be 1.00 to 5.00", 0, "target_average");
  }
  if (s.target_csat_percent < 0 || s.target_csat_percent > 100) {
    return Error::Invalid("target_csat_percent must be 0 to 100", 0, "target_csat_percent");
  }
  const std::string& b = s.link_base;
  const bool scheme = b.starts_with("https://") || b.starts_with("http://");
  if (b.size() > kMaxLinkBase ||
      (!b.empty() &&
       (!scheme || b.ends_with("/") || b.find_first_of(" \"<>\\") != std::string::npos))) {
    return Error::Invalid("link_base must be an http(s) address without a trailing slash", 0,
                          "link_base");
  }
  return {};
}

}  // namespace

Result<Settings> PutSettings(store::Database& db, const Context& ctx, const Settings& s) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kManagersAndAdmins));
  AFTERCARE_RETURN_IF_ERROR(ValidateSettings(s));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Settings> {
    AFTERCARE_ASSIGN_OR_RETURN(Settings before, LoadSettings(tx));
    const std::pair<const char*, std::string> values[] = {
        {"expiry_days", std::to_string(s.expiry_days)},
        {"unsatisfied_at_most", std::to_string(s.unsatisfied_at_most)},
        {"target_average_centi", std::to_string(s.target_average_centi)},
        {"target_csat_percent", std::to_string(s.target_csat_percent)},
        {"link_base", s.link_base}};
    for (const auto& [name, value] : values) {
      AFTERCARE_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO survey_settings (name, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT "
          "(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
          {std::string(name), value, ctx.now.unix}));
    }
    auto j = [](const Settings& x) {
      return json{{"expiry_days", x.expiry_days},
                  {"unsatisfied_at_most", x.unsatisfied_at_most},
                  {"target_average_centi", x.target_average_centi},
                  {"target_csat_percent", x.target_csat_percent},
                  {"link_base", x.link_base}};
    };
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "update", "survey_settings", "", j(before), j(s)));
    return LoadSettings(tx);
  });
}

namespace {

// The figures of each group of the surveys sent in [from, to], `key` the group's SQL.
Result<std::vector<Figures>> Aggregate(store::Transaction& tx, const std::string& key, int from,
                                       int to) {
  std::string sql = "SELECT " + key +
                    " AS k, COUNT(*) AS sent, COUNT(answered_at) AS answered, COUNT(overall) AS "
                    "n_overall, SUM(overall) AS sum_overall, SUM(CASE WHEN overall >= 4 THEN 1 "
                    "ELSE 0 END) AS sat_overall, COUNT(nps) AS nps_n, SUM(CASE WHEN nps >= 9 THEN "
                    "1 ELSE 0 END) AS promoters, SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END) AS "
                    "detractors";
  for (int i = 0; i < kDimensionCount; ++i) {
    const std::string c = kColumns[i], n = std::to_string(i);
    sql += ", COUNT(" + c + ") AS n" + n + ", SUM(" + c + ") AS sum" + n + ", SUM(CASE WHEN " + c +
           " >= 4 THEN 1 ELSE 0 END) AS sat" + n;
  }
  sql += " FROM surveys WHERE month >= $1 AND month <= $2 GROUP BY " + key;
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, {std::int64_t{from}, std::int64_t{to}}));
  std::vector<Figures> out;
  for (const auto& r : rows) {
    Figures f;
    f.key = r.IsNull("k") ? std::string() : r.Text("k");
    if (f.key.empty() && !r.IsNull("k")) f.key = std::to_string(r.Int("k"));
    f.sent = r.Int("sent");
    f.answered = r.Int("answered");
    f.overall = {r.Int("n_overall"), r.Int("sum_overall"), r.Int("sat_overall")};
    for (int i = 0; i < kDimensionCount; ++i) {
      const std::string n = std::to_string(i);
      f.dims[i] = {r.Int("n" + n), r.Int("sum" + n), r.Int("sat" + n)};
    }
    f.nps_answers = r.Int("nps_n");
    f.promoters = r.Int("promoters");
    f.detractors = r.Int("detractors");
    out.push_back(std::move(f));
  }
  return out;
}

void Add(Figures& into, const Figures& f) {
  into.sent += f.sent;
  into.answered += f.answered;
  auto add = [](Figure& a, const Figure& b) {
    a.answers += b.answers;
    a.sum += b.sum;
    a.satisfied += b.satisfied;
  };
  add(into.overall, f.overall);
  for (int i = 0; i < kDimensionCount; ++i) add(into.dims[i], f.dims[i]);
  into.nps_answers += f.nps_answers;
  into.promoters += f.promoters;
  into.detractors += f.detractors;
}

int PreviousMonth(int m) { return m % 100 == 1 ? (m / 100 - 1) * 100 + 12 : m - 1; }

Result<std::map<std::string, std::string>> GroupNames(store::Transaction& tx,
                                                      const std::string& by) {
  std::map<std::string, std::string> out;
  std::string sql;
  if (by == "team") sql = "SELECT id, name FROM teams";
  if (by == "engineer") sql = "SELECT id, display_name AS name FROM users WHERE role <> 'party_a'";
  if (by == "customer") sql = "SELECT id, name FROM customers";
  if (sql.empty()) return out;
  AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
  for (const auto& r : rows) out[std::to_string(r.Int("id"))] = r.Text("name");
  return out;
}

}  // namespace

Result<Analytics> SatisfactionAnalytics(store::Database& db, const Context& ctx,
                                        const AnalyticsQuery& q) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kTeamManagers));
  if (q.from_month > q.to_month) return Error::Invalid("from must not be after to", 0, "from");
  const int span =
      (q.to_month / 100 - q.from_month / 100) * 12 + q.to_month % 100 - q.from_month % 100 + 1;
  if (span > kMaxMonths) return Error::Invalid("at most 36 months at a time", 0, "from");
  static const std::map<std::string, std::string> kKeys = {{"team", "team_id"},
                                                           {"engineer", "engineer_id"},
                                                           {"customer", "customer_id"},
                                                           {"type", "request_type"}};
  if (!q.by.empty() && !kKeys.contains(q.by)) {
    return Error::Invalid("by must be team, engineer, customer or type", 0, "by");
  }
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<Analytics> {
    Analytics out;
    AFTERCARE_ASSIGN_OR_RETURN(out.settings, LoadSettings(tx));
    AFTERCARE_ASSIGN_OR_RETURN(auto months,
                               Aggregate(tx, "month", PreviousMonth(q.from_month), q.to_month));
    // Every month of the range, also those without surveys.
    for (int m = PreviousMonth(q.from_month); m <= q.to_month;
         m = m % 100 == 12 ? (m / 100 + 1) * 100 + 1 : m + 1) {
      Figures f;
      f.key = FormatMonth(m);
      for (const Figures& g : months) {
        if (g.key == std::to_string(m)) {
          f = g;
          f.key = FormatMonth(m);
        }
      }
      if (m >= q.from_month) Add(out.total, f);
      out.months.push_back(std::move(f));
    }
    if (!q.by.empty()) {
      AFTERCARE_ASSIGN_OR_RETURN(out.groups,
                                 Aggregate(tx, kKeys.at(q.by), q.from_month, q.to_month));
      AFTERCARE_ASSIGN_OR_RETURN(auto names, GroupNames(tx, q.by));
      std::erase_if(out.groups, [](const Figures& f) { return f.key.empty(); });
      for (Figures& g : out.groups) g.name = names.contains(g.key) ? names[g.key] : g.key;
      std::sort(out.groups.begin(), out.groups.end(),
                [](const Figures& a, const Figures& b) { return a.answered > b.answered; });
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto open, tx.Query("SELECT COUNT(*) AS n FROM survey_follow_ups WHERE status = 'open'"));
    out.open_follow_ups = open[0].Int("n");
    return out;
  });
}

}  // namespace aftercare::service::surveys
