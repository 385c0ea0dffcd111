// The feedback library (QA-4): the list with its filters and cursor pages, an
// item with its raisers and history; Party A raises feedback and follows what it
// raised, vendor staff record it from calls, route it to a team, move it along
// its progress states and merge duplicates.
#include "http/json_body.h"
#include "http/routes/areas.h"
#include "http/schema.h"
#include "http/views/view_helpers.h"
#include "service/feedback/feedback.h"
#include "service/roles.h"

namespace aftercare::http {

namespace {

namespace s = schema;
using nlohmann::json;

json FeedbackView(const service::Feedback& f) {
  const TimeZone& tz = DefaultZone();
  json raisers = json::array();
  for (const auto& r : f.raisers) {
    raisers.push_back({{"customer_id", r.customer_id}, {"customer_name", r.customer_name}});
  }
  json history = json::array();
  for (const auto& e : f.history) {
    history.push_back({{"at", FormatRfc3339(e.at, tz)},
                       {"actor_name", e.actor_name},
                       {"action", e.action},
                       {"from_state", views::OptName(e.from_state)},
                       {"to_state", views::OptName(e.to_state)},
                       {"team_id", views::Opt(e.team_id)},
                       {"other_id", views::Opt(e.other_id)},
                       {"note", e.note}});
  }
  return {{"id", f.id},
          {"type", service::Name(f.type)},
          {"urgency", service::Name(f.urgency)},
          {"impact", service::Name(f.impact)},
          {"title", f.title},
          {"description", f.description},
          {"state", service::Name(f.state)},
          {"team_id", views::Opt(f.team_id)},
          {"team_name", f.team_name},
          {"merged_into", views::Opt(f.merged_into)},
          {"raisers", std::move(raisers)},
          {"history", std::move(history)},
          {"created_at", FormatRfc3339(f.created_at, tz)},
          {"updated_at", FormatRfc3339(f.updated_at, tz)}};
}

json FeedbackSchema() {
  return s::Record(
      {{"id", s::Int()},
       {"type", s::Ref("FeedbackType")},
       {"urgency", s::Ref("FeedbackUrgency")},
       {"impact", s::Ref("FeedbackImpact")},
       {"title", s::Str()},
       {"description", s::Str()},
       {"state", s::Ref("FeedbackState")},
       {"team_id", s::Nullable(s::Int())},
       {"team_name", s::Str()},
       {"merged_into", s::Nullable(s::Int("the surviving item, when merged"))},
       {"raisers", s::Array(s::Record({{"customer_id", s::Int()}, {"customer_name", s::Str()}}))},
       {"history", s::Array(s::Record({{"at", s::Time()},
                                       {"actor_name", s::Str()},
                                       {"action", s::Str("create, route, progress, merge, absorb")},
                                       {"from_state", s::Nullable(s::Str())},
                                       {"to_state", s::Nullable(s::Str())},
                                       {"team_id", s::Nullable(s::Int())},
                                       {"other_id", s::Nullable(s::Int())},
                                       {"note", s::Str()}}))},
       {"created_at", s::Time()},
       {"updated_at", s::Time()}});
}

Result<service::FeedbackFilter> ReadFeedbackFilter(const Call& c) {
  service::FeedbackFilter f;
  f.q = c.QueryStr("q");
  f.cursor = c.QueryStr("cursor").value_or("");
  AFTERCARE_ASSIGN_OR_RETURN(f.team_id, c.QueryInt("team_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.customer_id, c.QueryInt("customer_id"));
  AFTERCARE_ASSIGN_OR_RETURN(f.include_merged, c.QueryFlag("include_merged"));
  AFTERCARE_ASSIGN_OR_RETURN(auto limit, c.QueryLimit("limit"));
  if (limit) f.limit = *limit;
  return f;
}

Status ReadFeedbackFilterNames(const Call& c, service::FeedbackFilter& f) {
  AFTERCARE_ASSIGN_OR_RETURN(
      f.type, c.QueryName("type", service::ParseFeedbackType, service::UnknownFeedbackType()));
  AFTERCARE_ASSIGN_OR_RETURN(
      f.state, c.QueryName("state", service::ParseFeedbackState, service::UnknownFeedbackState()));
  AFTERCARE_ASSIGN_OR_RETURN(f.urgency, c.QueryName("urgency", service::ParseFeedbackUrgency,
                                                    service::UnknownFeedbackUrgency()));
  return {};
}

Reply List(Call& c, ApiEnv& env) {
  auto f = ReadFeedbackFilter(c);
  if (!f.ok()) return c.Fail(f.error(), true);
  if (Status names = ReadFeedbackFilterNames(c, *f); !names.ok()) return c.Fail(names.error());
  return c.Render(service::ListFeedback(env.db, c.ctx, *f), [](const service::FeedbackPage& p) {
    json items = json::array();
    for (const auto& x : p.items) items.push_back(FeedbackView(x));
    return json{{"items", items},
                {"next_cursor", p.next_cursor.empty() ? json(nullptr) : json(p.next_cursor)}};
  });
}

Reply Create(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  service::NewFeedback f;
  auto type = b.Str("type");
  auto urgency = b.OptStr("urgency");
  auto impact = b.OptStr("impact");
  f.title = b.Str("title");
  f.description = b.OptStr("description").value_or("");
  f.customer_id = b.OptInt("customer_id");
  f.team_id = b.OptInt("team_id");
  AFTERCARE_BODY_OK(c, b);
  auto t = ParseName(std::optional<std::string>(type), service::ParseFeedbackType,
                     service::UnknownFeedbackType());
  auto u = ParseName(urgency, service::ParseFeedbackUrgency, service::UnknownFeedbackUrgency());
  auto i = ParseName(impact, service::ParseFeedbackImpact, service::UnknownFeedbackImpact());
  if (!t.ok()) return c.Fail(t.error());
  if (!u.ok()) return c.Fail(u.error());
  if (!i.ok()) return c.Fail(i.error());
  f.type = **t;
  if (*u) f.urgency = **u;
  if (*i) f.impact = **i;
  return c.Render(service::CreateFeedback(env.db, c.ctx, f), FeedbackView, 201);
}

Reply Progress(Call& c, ApiEnv& env) {
  JsonBody b(c.req.body());
  auto to = b.Str("state");
  auto note = b.OptStr("note").value_or("");
  AFTERCARE_BODY_OK(c, b);
  auto state = service::ParseFeedbackState(to);
  if (!state) return c.Fail(service::UnknownFeedbackState());
  return c.Render(service::ProgressFeedback(env.db, c.ctx, c.ids[0], *state, note), FeedbackView);
}

// A change naming another record by id (`key`) and a note.
template <typename F>
Reply IdAndNote(Call& c, const char* key, F change) {
  JsonBody b(c.req.body());
  std::int64_t other = b.Int(key);
  auto note = b.OptStr("note").value_or("");
  AFTERCARE_BODY_OK(c, b);
  return c.Render(change(other, note), FeedbackView);
}

}  // namespace

void RegisterFeedbackRoutes(Router& router, ApiEnv& env) {
  using namespace service::roles;
  router.Add({.method = Method::kGet,
              .path = "/api/v1/feedback",
              .summary = "list feedback, newest first: filters type, state, urgency, team_id, "
                         "customer_id, q, include_merged=1; cursor, limit (Party A: what its "
                         "customer raised)",
              .roles = kEveryone,
              .query = {{"type", "string", "suggestion or problem"},
                        {"state", "string", "new, accepted, evaluating, planned, done, declined"},
                        {"urgency", "string", "high, medium or low"},
                        {"team_id", "integer", ""},
                        {"customer_id", "integer", "a customer among the raisers"},
                        {"q", "string", "words of the title or description"},
                        {"include_merged", "flag", "merged duplicates too"},
                        {"cursor", "string", ""},
                        {"limit", "integer", "1 to 500, default 50"}},
              .response = s::Record({{"items", s::Array(s::Ref("Feedback"))},
                                     {"next_cursor", s::Nullable(s::Str())}}),
              .handler = [&env](Call& c) { return List(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/feedback",
              .summary = "raise feedback (Party A: for its customer; staff: from a call, naming "
                         "the customer)",
              .roles = kEveryone,
              .request = s::Object({{"type", s::Ref("FeedbackType")},
                                    {"urgency", s::Ref("FeedbackUrgency")},
                                    {"impact", s::Ref("FeedbackImpact")},
                                    {"title", s::Str()},
                                    {"description", s::Str()},
                                    {"customer_id", s::Int("staff: required; Party A: theirs")},
                                    {"team_id", s::Int("staff only")}},
                                   {"type", "title"}),
              .response = s::Ref("Feedback"),
              .status = 201,
              .handler = [&env](Call& c) { return Create(c, env); }});
  router.Add({.method = Method::kGet,
              .path = "/api/v1/feedback/{id}",
              .summary = "one feedback item with its raisers and history",
              .roles = kEveryone,
              .response = s::Ref("Feedback"),
              .handler = [&env](Call& c) {
                return c.Render(service::GetFeedback(env.db, c.ctx, c.ids[0]), FeedbackView);
              }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/feedback/{id}/route",
              .summary = "route the item to a team (R&D or product)",
              .roles = kVendorStaff,
              .request = s::Object({{"team_id", s::Int()}, {"note", s::Str()}}, {"team_id"}),
              .response = s::Ref("Feedback"),
              .handler = [&env](Call& c) {
                return IdAndNote(c, "team_id", [&](std::int64_t team, const std::string& note) {
                  return service::RouteFeedback(env.db, c.ctx, c.ids[0], team, note);
                });
              }});
  router.Add(
      {.method = Method::kPost,
       .path = "/api/v1/feedback/{id}/progress",
       .summary = "move the item along its progress states",
       .roles = kVendorStaff,
       .request = s::Object({{"state", s::Ref("FeedbackState")}, {"note", s::Str()}}, {"state"}),
       .response = s::Ref("Feedback"),
       .handler = [&env](Call& c) { return Progress(c, env); }});
  router.Add({.method = Method::kPost,
              .path = "/api/v1/feedback/{id}/merge",
              .summary = "merge this duplicate into into_id: the survivor keeps every raiser "
                         "(answers the survivor)",
              .roles = kVendorStaff,
              .request = s::Object({{"into_id", s::Int()}, {"note", s::Str()}}, {"into_id"}),
              .response = s::Ref("Feedback"),
              .handler = [&env](Call& c) {
                return IdAndNote(c, "into_id", [&](std::int64_t into, const std::string& note) {
                  return service::MergeFeedback(env.db, c.ctx, c.ids[0], into, note);
                });
              }});
  router.AddSchema("FeedbackType", s::EnumOf<service::FeedbackType>(service::kFeedbackTypeCount));
  router.AddSchema("FeedbackUrgency",
                   s::EnumOf<service::FeedbackUrgency>(service::kFeedbackUrgencyCount));
  router.AddSchema("FeedbackImpact",
                   s::EnumOf<service::FeedbackImpact>(service::kFeedbackImpactCount));
  router.AddSchema("FeedbackState",
                   s::EnumOf<service::FeedbackState>(service::kFeedbackStateCount));
  router.AddSchema("Feedback", FeedbackSchema());
}

}  // namespace aftercare::http
