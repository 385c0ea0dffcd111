// The surveys area's rules in process (issue 14 points 2 and 5; QA-3, QA-5): one
// survey per ticket; a link's token is stored only as its hash and reading the form
// records nothing; answered once; an unsatisfied answer (at or below the threshold)
// opens one follow-up, closed only by the customer's confirmation; who may enter a
// paper form; months parsed and printed.
#include "service/surveys/surveys.h"

#include <gtest/gtest.h>

#include "core/sha256.h"
#include "service/testing/service_test_fixture.h"

namespace aftercare::service::surveys {
namespace {

class SurveyRules : public ServiceTest {
 protected:
  // A ticket of customer A resolved an hour after it was received; its survey.
  Sent ResolvedSurvey() {
    auto t = AddTicket(As(Role::kTeamLeader), customer_a_, now_ - 7200);
    EXPECT_TRUE(t.ok());
    auto sent = InTransaction(*db_, true, [&](store::Transaction& tx) {
      return SendTicketSurvey(tx, t->id, now_ - 3600, now_);
    });
    EXPECT_TRUE(sent.ok() && sent->has_value());
    auto again = InTransaction(*db_, true, [&](store::Transaction& tx) {
      return SendTicketSurvey(tx, t->id, now_, now_);
    });
    EXPECT_TRUE(again.ok() && !again->has_value()) << "one survey per ticket";
    return **sent;
  }
  static Answer Scores(int each, int overall) {
    Answer a;
    a.scores.fill(each);
    a.overall = overall;
    return a;
  }
  std::int64_t Count(const std::string& sql) {
    auto n = InTransaction(*db_, false, [&](store::Transaction& tx) -> Result<std::int64_t> {
      AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
      return rows[0].Int("n");
    });
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }
};

TEST_F(SurveyRules, TheTokenIsKeptAsItsHashAndReadingRecordsNothing) {
  const Sent s = ResolvedSurvey();
  EXPECT_EQ(s.token.size(), 64u);
  EXPECT_EQ(
      Count("SELECT COUNT(*) AS n FROM surveys WHERE token_hash = '" + Sha256Hex(s.token) + "'"),
      1);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM surveys WHERE token_hash = '" + s.token + "'"), 0);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(FormByToken(*db_, s.token, now_).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM surveys WHERE answered_at IS NOT NULL"), 0);
  EXPECT_EQ(FormByToken(*db_, std::string(64, 'f'), now_).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(AnswerByToken(*db_, Anonymous(), s.token, Scores(5, 5)).ok());
  Status twice = AnswerByToken(*db_, Anonymous(), s.token, Scores(1, 1));
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto got = GetSurvey(*db_, As(Role::kManager), s.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->answer->overall, 5);
  EXPECT_EQ(got->source, "link");
  // Expired: 28 days after the resolution by default.
  EXPECT_EQ(FormByToken(*db_, s.token, now_ + 40 * kSecondsPerDay).error().code,
            ErrorCode::kConflict);
}

TEST_F(SurveyRules, AnUnsatisfiedAnswerIsFollowedUpUntilTheCustomerConfirms) {
  const Sent s = ResolvedSurvey();
  Answer a = Scores(4, 4);
  a.scores[2] = 3;  // 3 is not unsatisfied at the default threshold (2)
  ASSERT_TRUE(EnterPaperSurvey(*db_, As(Role::kAgent), s.id, a).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM survey_follow_ups"), 0);

  const Sent low = ResolvedSurvey();
  EXPECT_EQ(EnterPaperSurvey(*db_, As(Role::kEngineer), low.id, Scores(2, 2)).error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(EnterPaperSurvey(*db_, As(Role::kPartyA), low.id, Scores(2, 2)).error().code,
            ErrorCode::kForbidden);
  auto paper = EnterPaperSurvey(*db_, As(Role::kAgent), low.id, Scores(4, 2));
  ASSERT_TRUE(paper.ok());
  EXPECT_EQ(paper->source, "paper");
  ASSERT_TRUE(paper->follow_up_id.has_value());
  EXPECT_FALSE(AuditOf("survey", std::to_string(low.id), "enter_paper").empty());

  const std::int64_t f = *paper->follow_up_id;
  EXPECT_EQ(RecordFollowUp(*db_, As(Role::kManager), f, "praise", "x").error().code,
            ErrorCode::kInvalidInput);
  EXPECT_EQ(RecordFollowUp(*db_, As(Role::kManager), f, "contact", "").error().code,
            ErrorCode::kInvalidInput);
  auto still = RecordFollowUp(*db_, As(Role::kManager), f, "still_unsatisfied", "仍不满意");
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->status, "open");
  auto closed = RecordFollowUp(*db_, As(Role::kManager), f, "confirmed", "客户电话确认满意");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, "closed");
  EXPECT_EQ(RecordFollowUp(*db_, As(Role::kManager), f, "contact", "再联系").error().code,
            ErrorCode::kConflict);
}

TEST_F(SurveyRules, AnswersAndSettingsAreBounded) {
  const Sent s = ResolvedSurvey();
  Answer a = Scores(5, 5);
  a.scores[4] = 0;
  Status bad = AnswerByToken(*db_, Anonymous(), s.token, a);
  EXPECT_EQ(bad.error().field, "usability");
  a = Scores(5, 6);
  EXPECT_EQ(AnswerByToken(*db_, Anonymous(), s.token, a).error().field, "overall");
  a = Scores(5, 5);
  a.comment = std::string(2001, 'x');
  EXPECT_EQ(AnswerByToken(*db_, Anonymous(), s.token, a).error().field, "comment");
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM surveys WHERE answered_at IS NOT NULL"), 0);

  Settings x;
  x.unsatisfied_at_most = 5;
  EXPECT_EQ(PutSettings(*db_, As(Role::kManager), x).error().field, "unsatisfied_at_most");
  x = Settings{};
  x.link_base = "https://service.example.com/";
  EXPECT_EQ(PutSettings(*db_, As(Role::kManager), x).error().field, "link_base");
  EXPECT_EQ(PutSettings(*db_, As(Role::kTeamLeader), Settings{}).error().code,
            ErrorCode::kForbidden);
}

TEST(SurveyMonths, AreParsedAndPrinted) {
  EXPECT_EQ(ParseMonth("2026-11"), 202611);
  EXPECT_EQ(ParseMonth("2026-13"), std::nullopt);
  EXPECT_EQ(ParseMonth("2026-1"), std::nullopt);
  EXPECT_EQ(ParseMonth("1999-12"), std::nullopt);
  EXPECT_EQ(FormatMonth(202601), "2026-01");
}

}  // namespace
}  // namespace aftercare::service::surveys
