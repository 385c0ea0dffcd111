#include "http/messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace aftercare::http {
namespace {

// A message an English pattern stands for: each placeholder filled with a sample
// of its kind (chosen so that no literal entry equals the result).
std::string Sample(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '{') {
      out += pattern[i++];
      continue;
    }
    std::size_t close = pattern.find('}', i);
    std::string name(pattern.substr(i + 1, close - i - 1));
    while (!name.empty() && std::isdigit(static_cast<unsigned char>(name.back()))) name.pop_back();
    static const std::map<std::string, std::string> kSamples = {
        {"field", "caller_name"},     {"value", "HT-7"},         {"num", "42"},
        {"msg", "title is required"}, {"role", "engineer"},      {"kind", "resolved"},
        {"status", "waiting"},        {"metric", "acknowledge"}, {"what", "a policy metric"},
        {"list", "a, b or c"},
    };
    out += kSamples.at(name);
    i = close + 1;
  }
  return out;
}

bool HasHan(const std::string& s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xE4 && b <= 0xE9) return true;  // U+4E00..U+9FFF start with E4..E9
  }
  return false;
}

bool HasLatinLetter(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

TEST(MessageCatalogues, AreWellFormed) {
  EXPECT_EQ(CatalogueProblems(), std::vector<std::string>{});
  EXPECT_GE(CatalogueEntries().size(), 200u);
}

// Every entry is reachable and unambiguous: a message of its shape is rendered
// by that entry, and no other entry of equal specificity also matches it (which
// would make the result depend on the order of entries). The result is Chinese,
// resp. English, with every placeholder filled in.
TEST(MessageCatalogues, EveryEntryRendersASampleOfItsOwn) {
  const auto& entries = CatalogueEntries();
  for (int i = 0; i < static_cast<int>(entries.size()); ++i) {
    std::string sample = Sample(entries[i].message.key);
    SCOPED_TRACE(std::string(entries[i].area) + " entry " + std::to_string(i) + ": " + sample);
    std::vector<int> matching = MatchingEntries(sample);
    ASSERT_FALSE(matching.empty());
    EXPECT_EQ(matching.front(), i) << "rendered by " << entries[matching.front()].message.key;
    auto zh = TranslateToChinese(sample);
    ASSERT_TRUE(zh.has_value());
    EXPECT_TRUE(HasHan(*zh)) << *zh;
    EXPECT_EQ(zh->find('{'), std::string::npos) << *zh;
    EXPECT_EQ(zh->find("  "), std::string::npos) << *zh;
    auto en = TranslateMessage(sample, Language::kEn);
    ASSERT_TRUE(en.has_value());
    EXPECT_TRUE(HasLatinLetter(*en)) << *en;
    EXPECT_FALSE(HasHan(*en)) << *en;
    EXPECT_EQ(en->find('{'), std::string::npos) << *en;
    EXPECT_TRUE(IsCataloguedText(*zh)) << *zh;
    EXPECT_TRUE(IsCataloguedText(*en)) << *en;
  }
}

// The specificity of a key: its literal characters (placeholders excluded).
std::size_t Specificity(std::string_view key) {
  std::size_t n = 0;
  bool inside = false;
  for (char c : key) {
    if (c == '{') inside = true;
    if (!inside) ++n;
    if (c == '}') inside = false;
  }
  return n;
}

TEST(MessageCatalogues, NoTwoEqualMatchesAndNoDuplicates) {
  const auto& entries = CatalogueEntries();
  for (int i = 0; i < static_cast<int>(entries.size()); ++i) {
    std::string sample = Sample(entries[i].message.key);
    SCOPED_TRACE(std::string(entries[i].area) + ": " + std::string(entries[i].message.key));
    std::vector<int> matching = MatchingEntries(sample);
    for (int other : matching) {
      if (other == i) continue;
      // Order-independence: another entry that matches must be less specific.
      EXPECT_LT(Specificity(entries[other].message.key), Specificity(entries[i].message.key))
          << "as specific, and also matches: " << entries[other].message.key;
      // A duplicate: the next entry in line would say the very same.
      EXPECT_FALSE(RenderEntry(other, sample, Language::kZh) == TranslateToChinese(sample) &&
                   RenderEntry(other, sample, Language::kEn) ==
                       TranslateMessage(sample, Language::kEn))
          << "says the same as " << entries[other].message.key;
    }
  }
}

TEST(Messages, FixedMessages) {
  EXPECT_EQ(TranslateToChinese("title is required"), "标题为必填项");
  EXPECT_EQ(TranslateToChinese("priority must be P1, P2, P3 or P4"), "级别必须是 P1、P2、P3 或 P4");
  EXPECT_EQ(TranslateToChinese("at is before the ticket's last event"),
            "发生时间早于工单的上一条记录");
  EXPECT_EQ(TranslateToChinese("wrong login or password (5 failures in a row lock an account for "
                               "15 minutes)"),
            "账号或密码错误（连续失败5次将锁定15分钟）");
  EXPECT_EQ(TranslateToChinese("internal error; quote the request id"),
            "服务器内部错误，请提供请求编号以便排查");
}

// Variable parts keep their values; field names become the UI's terms.
TEST(Messages, DynamicMessagesKeepTheirValues) {
  struct Case {
    const char* en;
    const char* zh;
  };
  const Case cases[] = {
      {"received_at: time \"2026-13-01T00:00:00+08:00\" is not RFC 3339 (no such date "
       "2026-13-01)",
       "接报时间“2026-13-01T00:00:00+08:00”不符合 RFC 3339 格式（日期 2026-13-01 不存在）"},
      {"at: time \"yesterday\" is not RFC 3339 (expected YYYY-MM-DDTHH:MM:SS+08:00)",
       "时间“yesterday”不符合 RFC 3339 格式（应为 YYYY-MM-DDTHH:MM:SS+08:00 的形式）"},
      {"form.approvals.supervisor.signer is required", "直接主管审批的负责人签章为必填项"},
      {"form.approvals.division_gm is given by a manager", "事业部总经理审批由经理签署"},
      {"form.approvals.applicant_unit is already signed", "申请单位意见已签署，不能修改"},
      {"form.estimated_cost must be an amount in yuan like \"1200.00\"",
       "预计成本费用必须是以元为单位的金额，最多两位小数，例如 1200.00"},
      {"form.fax is filled in by the vendor", "传真由乙方填写"},
      {"the role engineer may not do this", "“技术支持工程师”角色无权执行此操作"},
      {"`resolved` is not possible while the ticket is waiting",
       "工单处于“等待客户”状态时不能记录“已解决”"},
      {"contract number HT-2026-001 exists", "合同编号 HT-2026-001 已存在"},
      {"a customer named 市第一人民医院 exists", "已有名为“市第一人民医院”的客户"},
      {"login zhang.san is taken", "账号 zhang.san 已被使用"},
      {"off: 2027-10-01 is not in 2026", "节假日 2027-10-01 不在 2026 年内"},
      {"work: 2027-02-07 is also a day off", "调休上班日 2027-02-07 同时被标为节假日"},
      {"no holiday data for 2031", "没有 2031 年的节假日数据"},
      {"2026 ships with aftercare and cannot be changed here",
       "2026 年的节假日为内置数据，不能在此修改"},
      {"ticket 12 has no late event for acknowledge on this contract",
       "工单 #12 在此合同下没有“首次响应”的延迟事件"},
      {"ticket 12 has no late event for night-watch on this contract",
       "工单 #12 在此合同下没有“night-watch”的延迟事件"},
      {"system_ids: system 9 does not belong to the customer", "系统 #9 不属于该客户"},
      {"value: amount has more than 2 decimals (fen): \"1.234\"",
       "合同金额最多两位小数，精确到分（“1.234”）"},
      {"signed_on: no such date: \"2026-02-30\"", "签订日期“2026-02-30”不是有效的日期"},
      {"penalty_rate must be at most 1: \"1.5\"", "违约金比例不能大于1（“1.5”）"},
      {"unknown time zone \"Mars/Base\"", "未知的时区“Mars/Base”"},
      {"assignee_id: no such vendor user", "所选工程师不存在或不是乙方人员"},
      {"policy night-watch not found", "服务等级策略 night-watch 不存在"},
      {"body: line 4: unknown key `hours` in calendar `office`",
       "策略内容第 4 行：日历 `office` 中有未知的键 `hours`"},
      {"body: line 2: unknown event `recieved` (received, first_reply or closed)",
       "策略内容第 2 行：未知的事件 `recieved`（可选：received、first_reply 或 closed）"},
      {"body: line 7: metric `fix` has no target for P3 and no default",
       "策略内容第 7 行：指标 `fix` 没有 P3 的时限，也没有 default 时限"},
      {"body: line 3: week must be a mapping", "策略内容第 3 行：`week` 必须是映射（键: 值）"},
      {"body: line 5: working interval \"09:00-08:00\" ends before it starts",
       "策略内容第 5 行：工作时段“09:00-08:00”的结束早于开始"},
      {"body: line 9: holiday: date is not of the form YYYY-MM-DD: \"10-01\"",
       "策略内容第 9 行：节假日“10-01”不是 YYYY-MM-DD 格式"},
      {"body: YAML syntax error: end of map not found",
       "策略内容：YAML 语法错误：end of map not found"},
      {"this path does not accept PUT", "此地址不接受 PUT 请求"},
      {"unknown query parameter colour", "未知的查询参数 colour"},
      {"unknown field colour", "未知字段 colour"},
      // A field the tables do not know is shown as it is, set apart by a space.
      {"colour is required", "colour 为必填项"},
      {"data.bogus is not part of a rating", "data.bogus 不属于服务评价"},
      {"form.approvals.ceo is not an approval (applicant_unit, supervisor, division_gm)",
       "form.approvals.ceo 不是审批项（可选 applicant_unit、supervisor、division_gm）"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TranslateToChinese(c.en), std::optional<std::string>(c.zh)) << c.en;
  }
}

// The English a client reads names fields by the UI's terms, not API names.
TEST(Messages, EnglishUsesTheUiTerms) {
  struct Case {
    const char* key;
    const char* en;
  };
  const Case cases[] = {
      {"caller_phone must be a phone number: digits with spaces, - or ( ) (0571-88001234, 138 "
       "0013 8000, +86 138 0013 8000)",
       "Caller phone must be a phone number: digits with spaces, - or ( ) (0571-88001234, 138 "
       "0013 8000, +86 138 0013 8000)"},
      {"title is required", "Title is required"},
      {"cure_days must be 1 to 365", "Cure period must be 1 to 365 days"},
      {"contract_id: not a contract of the customer", "Contract: not a contract of the customer"},
      {"form.approvals.supervisor.signer is required",
       "Signed by (Direct supervisor's approval) is required"},
      {"form.fax is filled in by the vendor", "Fax is filled in by the vendor"},
      {"the role team_leader may not do this", "the role Team leader may not do this"},
      {"received_at: time \"yesterday\" is not RFC 3339 (expected YYYY-MM-DDTHH:MM:SS+08:00)",
       "Received at: time \"yesterday\" is not RFC 3339 (expected YYYY-MM-DDTHH:MM:SS+08:00)"},
      {"ticket 12 has no late event for acknowledge on this contract",
       "ticket 12 has no late event for First response on this contract"},
      {"body: line 3: week must be a mapping", "Content: line 3: week must be a mapping"},
      {"unknown field colour", "unknown field colour"},
      {"colour is required", "colour is required"},  // a field no catalogue names
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TranslateMessage(c.key, Language::kEn), std::optional<std::string>(c.en)) << c.key;
  }
}

// What the table does not know stays English (never a half-translated message).
TEST(Messages, UnknownMessagesAreNotTranslated) {
  EXPECT_EQ(TranslateToChinese("something else went wrong"), std::nullopt);
  EXPECT_EQ(TranslateToChinese(""), std::nullopt);
  EXPECT_EQ(TranslateToChinese("the role wizard may not do this"), std::nullopt);
  EXPECT_EQ(TranslateToChinese("received_at: the moon is full"), std::nullopt);
  EXPECT_EQ(TranslateToChinese("body: line 3: a reason nobody wrote down"), std::nullopt);
  EXPECT_EQ(TranslateToChinese("`teleported` is not possible while the ticket is waiting"),
            std::nullopt);
  // Huge messages (a huge unknown key) are left alone, and quickly.
  EXPECT_EQ(TranslateToChinese("unknown field " + std::string(100000, 'x')), std::nullopt);
  std::string nested;
  for (int i = 0; i < 2000; ++i) nested += "a: ";
  EXPECT_EQ(TranslateToChinese(nested + "title is required"), std::nullopt);
}

TEST(Messages, LanguageFromAcceptLanguage) {
  EXPECT_TRUE(PrefersChinese("zh-CN,zh;q=0.9"));
  EXPECT_TRUE(PrefersChinese("zh"));
  EXPECT_TRUE(PrefersChinese("ZH-cn"));
  EXPECT_TRUE(PrefersChinese("zh-TW, en;q=0.8"));
  EXPECT_TRUE(PrefersChinese("en;q=0.5, zh-CN"));  // the highest q is the first preference
  EXPECT_TRUE(PrefersChinese(" zh-Hans-CN ; q=1.0 , en ; q=0.7"));
  EXPECT_FALSE(PrefersChinese(""));
  EXPECT_FALSE(PrefersChinese("en"));
  EXPECT_FALSE(PrefersChinese("en-US,en;q=0.9,zh-CN;q=0.8"));
  EXPECT_FALSE(PrefersChinese("zh-CN;q=0.5, en"));
  EXPECT_FALSE(PrefersChinese("zh;q=0"));
  EXPECT_FALSE(PrefersChinese("*"));
  EXPECT_FALSE(PrefersChinese("zu"));
  EXPECT_FALSE(PrefersChinese("zhx"));
  EXPECT_FALSE(PrefersChinese("zh;q=abc"));
}

TEST(Messages, LocalizeNamesTheLanguageOfItsText) {
  LocalizedMessage zh = LocalizeMessage("zh-CN,zh;q=0.9", "title is required");
  EXPECT_EQ(zh.text, "标题为必填项");
  EXPECT_EQ(zh.language, "zh-CN");
  LocalizedMessage en = LocalizeMessage("en", "title is required");
  EXPECT_EQ(en.text, "Title is required");
  EXPECT_EQ(en.language, "en");
  LocalizedMessage none = LocalizeMessage("", "caller_phone is required");
  EXPECT_EQ(none.text, "Caller phone is required");
  EXPECT_EQ(none.language, "en");
  LocalizedMessage unknown = LocalizeMessage("zh-CN", "something else went wrong");
  EXPECT_EQ(unknown.text, "something else went wrong");
  EXPECT_EQ(unknown.language, "en");
}

}  // namespace
}  // namespace aftercare::http
