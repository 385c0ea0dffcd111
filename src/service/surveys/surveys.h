// Satisfaction surveys (issue 14 point 2, QA-3; seed 7.8.2.2 六 《客户满意度调查表》)
// and their analytics (issue 14 point 5, QA-5).
//
// After every completed service a survey goes to the customer's contacts (its Party A
// users: in the portal, and by mail to those who set a notice address). The
// follower job (kFollowJob) reads ticket events by id, as service/notices does (the
// tickets area does not call it): a `resolved` entry makes the ticket's survey. One
// survey per ticket: a reopened ticket resolved again makes no second one (its
// first answer, or its follow-up, covers the service). A ticket with an
// `onsite_arrived` entry is an on-site service (`onsite`); there is no area of
// on-site visits of its own yet.
//
// The link `/s/<token>` carries 32 random bytes (libsodium); only their SHA-256 is
// stored. Reading the form (FormByToken) records nothing, so a mail scanner that
// opens the link answers nothing; only AnswerByToken records. A survey is
// answered once (a second answer: kConflict "this survey has already been
// answered", nothing changes) until it expires (`expiry_days` after it was sent,
// default 28: kConflict "this survey link has expired"); an unknown token is
// kNotFound "this survey link is not valid". Party A answers in the portal too
// (AnswerSurvey, their own customer's only); an agent enters a paper form
// (EnterPaperSurvey: source `paper`, by whom, audited), also after expiry.
//
// An answer: the six dimensions of QA-3 (服务态度 attitude, 解决问题效率 efficiency,
// 沟通效果 communication, 功能完整性 completeness, 界面友好性 usability, 及时性
// timeliness) and `overall`, each 1 to 5; `nps` 0 to 10 only on a questionnaire that
// asks it; a comment of at most 2000 characters. An answer with any score at or
// below `unsatisfied_at_most` (default 2) opens a follow-up (不满意跟进) for the
// leader of the survey's team (the engineer's team; none: the managers), announced
// to them. The follow-up stays open until the leader records the customer's
// confirmation that they are satisfied (7.8.6.1.4, "until the customer is
// satisfied"); contacts, actions and "still unsatisfied" are recorded meanwhile.
//
// Periodic questionnaires (campaigns): a manager sends one to all customers or to
// chosen ones, with a deadline (its surveys expire then) and a reminder
// `remind_days` before it to the customers that have not answered (kRemindJob).
//
// Analytics: per month (the month of the service: its resolution; a questionnaire's:
// the month it was sent), per dimension and overall:
// the average, CSAT (the share of answers of 4 and 5), the response rate (answered
// of sent), and the change from the month before; the same figures split by team,
// engineer, customer or request type; the target line (settings); the open
// follow-ups; NPS (promoters 9-10 minus detractors 0-6, in percent of the answers
// to the question). Team leaders, managers and administrators read them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/context.h"
#include "service/jobs/queue.h"
#include "store/db.h"

namespace aftercare::service::surveys {

inline constexpr std::string_view kFollowJob = "surveys.follow";
inline constexpr std::string_view kRemindJob = "surveys.remind";
inline constexpr Seconds kFollowEvery = 3;
inline constexpr int kDimensionCount = 6;
// The dimensions' API names, in the order of QA-3.
inline constexpr std::array<std::string_view, kDimensionCount> kDimensions = {
    "attitude", "efficiency", "communication", "completeness", "usability", "timeliness"};
inline constexpr std::size_t kMaxComment = 2000;
inline constexpr int kMaxCampaignCustomers = 1000;

struct Settings {
  int expiry_days = 28;            // 1 to 365
  int unsatisfied_at_most = 2;     // 1 to 4
  int target_average_centi = 420;  // the target line: 4.20 (100 to 500)
  int target_csat_percent = 85;    // 0 to 100
  std::string link_base;           // "https://service.example.com" (the mail's link); empty: a path
};

struct Answer {
  std::array<int, kDimensionCount> scores{};  // 1 to 5 each
  int overall = 0;                            // 1 to 5
  std::optional<int> nps;                     // 0 to 10, questionnaires that ask it
  std::string comment;
};

struct Survey {
  std::int64_t id = 0;
  std::string kind;  // service, campaign
  std::optional<std::int64_t> ticket_id, campaign_id, team_id, engineer_id;
  std::int64_t customer_id = 0;
  std::string customer_name, ticket_number, ticket_title, engineer_name, team_name;
  std::string campaign_title, request_type;
  bool onsite = false, asks_nps = false;
  std::string status;  // pending, answered, expired
  Instant sent_at, expires_at;
  std::optional<Instant> answered_at;
  std::string source;  // link, portal, paper (answered only)
  std::string entered_by_name;
  std::optional<Answer> answer;
  std::optional<std::int64_t> follow_up_id;
};

struct SurveyFilter {
  std::optional<std::string> status;  // pending, answered, expired
  std::optional<std::string> kind;    // service, campaign
  std::optional<std::int64_t> customer_id, team_id, campaign_id, ticket_id;
  std::optional<std::int64_t> before_id;  // the cursor: older than this id
  int limit = 50;                         // 1 to 200
};
struct SurveyPage {
  std::vector<Survey> items;  // newest first
  std::optional<std::int64_t> next_before;
};

// What the public link shows (no login): nothing about other surveys.
struct PublicForm {
  std::string kind, customer_name, ticket_number, ticket_title, engineer_name, campaign_title;
  bool onsite = false, asks_nps = false;
  Instant expires_at;
};

// The follower and the reminders (queued as the server starts its jobs; idempotent).
Status EnsureSurveyJobs(store::Database& db, Instant now);
Status FollowResolutions(store::Transaction& tx, const jobs::Job& job, Instant now);
Status SendReminders(store::Transaction& tx, const jobs::Job& job, Instant now);

// The survey of a ticket resolved at `resolved_at`, sent at `now` (none when it has
// one): its id and the link's token. Its month is the resolution's, and it expires
// `expiry_days` after the resolution (an entry dated back that far makes a survey
// already expired: the portal shows it so, and a paper form can still be entered).
// The follower and the demo call it; `announce` false: nobody is told (the demo's
// history).
struct Sent {
  std::int64_t id = 0;
  std::string token;
};
Result<std::optional<Sent>> SendTicketSurvey(store::Transaction& tx, std::int64_t ticket_id,
                                             Instant resolved_at, Instant now,
                                             bool announce = true);

Result<PublicForm> FormByToken(store::Database& db, const std::string& token, Instant now);
Status AnswerByToken(store::Database& db, const Context& ctx, const std::string& token,
                     const Answer& a);

Result<SurveyPage> ListSurveys(store::Database& db, const Context& ctx, const SurveyFilter& f);
Result<Survey> GetSurvey(store::Database& db, const Context& ctx, std::int64_t id);
// Party A, in the portal: their own customer's pending survey.
Result<Survey> AnswerSurvey(store::Database& db, const Context& ctx, std::int64_t id,
                            const Answer& a);
// An agent, team leader, manager or administrator: a paper form, also past expiry.
Result<Survey> EnterPaperSurvey(store::Database& db, const Context& ctx, std::int64_t id,
                                const Answer& a);

struct FollowUpAction {
  std::int64_t id = 0;
  Instant at;
  std::string actor_name, kind, note;  // contact, action, still_unsatisfied, confirmed
};
struct FollowUp {
  std::int64_t id = 0, survey_id = 0;
  std::optional<std::int64_t> team_id, leader_id;
  std::string team_name, leader_name, status;  // open, closed
  Instant opened_at;
  std::optional<Instant> closed_at;
  Survey survey;
  std::vector<FollowUpAction> actions;  // GetFollowUp only, oldest first
};
// Team leaders: their team's; managers and administrators: all. Newest first.
Result<std::vector<FollowUp>> ListFollowUps(store::Database& db, const Context& ctx,
                                            std::optional<std::string> status);
Result<FollowUp> GetFollowUp(store::Database& db, const Context& ctx, std::int64_t id);
// `kind` contact, action, still_unsatisfied or confirmed (closes it); a note of 1 to
// 2000 characters; kConflict on a closed one.
Result<FollowUp> RecordFollowUp(store::Database& db, const Context& ctx, std::int64_t id,
                                const std::string& kind, const std::string& note);

struct NewCampaign {
  std::string title;   // 1 to 200 characters
  LocalDate deadline;  // its surveys expire at its end (Asia/Shanghai); after today
  std::vector<std::int64_t> customer_ids;  // empty: all customers
  bool asks_nps = true;
  int remind_days = 3;  // 0 (no reminder) to 30 before the deadline
};
struct Campaign {
  std::int64_t id = 0;
  std::string title;
  bool asks_nps = true;
  Instant deadline;
  int remind_days = 0;
  std::string created_by_name;
  Instant created_at;
  std::int64_t sent = 0, answered = 0;
};
Result<Campaign> CreateCampaign(store::Database& db, const Context& ctx, const NewCampaign& in);
Result<std::vector<Campaign>> ListCampaigns(store::Database& db, const Context& ctx);

Result<Settings> GetSettings(store::Database& db, const Context& ctx);
Result<Settings> PutSettings(store::Database& db, const Context& ctx, const Settings& s);

// One figure (a dimension, or overall) of a group of surveys.
struct Figure {
  std::int64_t answers = 0, sum = 0, satisfied = 0;  // satisfied: scores 4 and 5
};
struct Figures {
  std::string key;   // month "2026-11", or the group's id / request type
  std::string name;  // the group's name (teams, engineers, customers)
  std::int64_t sent = 0, answered = 0;
  std::array<Figure, kDimensionCount> dims{};
  Figure overall;
  std::int64_t nps_answers = 0, promoters = 0, detractors = 0;
};
struct AnalyticsQuery {
  int from_month = 0, to_month = 0;  // YYYYMM, at most 36 months
  std::string by;                    // "", team, engineer, customer, type
};
struct Analytics {
  std::vector<Figures> months;  // from_month - 1 (for the change) to to_month
  std::vector<Figures> groups;  // by `by` over [from, to]
  Figures total;                // [from, to]
  Settings settings;            // the target line
  std::int64_t open_follow_ups = 0;
};
Result<Analytics> SatisfactionAnalytics(store::Database& db, const Context& ctx,
                                        const AnalyticsQuery& q);
// "2026-11" as 202611; nullopt when it is not a month.
std::optional<int> ParseMonth(std::string_view s);
std::string FormatMonth(int month);

}  // namespace aftercare::service::surveys
