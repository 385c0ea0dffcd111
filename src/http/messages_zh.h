// Chinese (zh-CN) for the API's error messages. The service layer keeps writing
// precise English messages; the API renders an error in the client's language in
// one place (Fail in api.cpp, and the server's own plain errors), by this table.
// `code` and `field` of an error never change: only `message` is translated.
//
// The table maps each English message to Chinese, either literally or as a
// pattern whose placeholders stand for the variable parts:
//   {field}  a JSON field or path (title, form.approvals.supervisor.signer), shown
//            by the term the UI uses for it (标题, 直接主管审批的负责人签章); a field
//            the table does not know is shown as is
//   {value}  any text (a name, a number, a date), kept as is
//   {num}    digits, kept as is
//   {msg}    a nested message (the "received_at: <why>" kind), itself translated
//   {role} {kind} {status} {metric} {what} {list}
//            a role, an event kind, a ticket status, an SLA metric, a noun of the
//            policy reader, a list of names: shown by their Chinese terms
// A second placeholder of a kind takes a digit: {value2}. An entry without
// placeholders must equal the message; otherwise the first pattern that matches
// wins (specific patterns come before general ones), its placeholders matching
// non-greedily, left to right. A message nothing matches stays English.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace aftercare::http {

// True when the client's first preference in an Accept-Language header (the
// highest q, the earliest of equals) is Chinese: "zh" or a "zh-" tag.
bool PrefersChinese(std::string_view accept_language);

// The Chinese text of an English API error message, or nullopt when the table
// has no entry for it.
std::optional<std::string> TranslateToChinese(std::string_view english);

// An error message in the client's language: Chinese when the client prefers it
// and the table knows the message, the English text otherwise. `language` is the
// Content-Language of `text`: "zh-CN" or "en".
struct LocalizedMessage {
  std::string text;
  std::string_view language;
};
LocalizedMessage LocalizeMessage(std::string_view accept_language, std::string_view english);

// The table, for tests: every English message or pattern with its Chinese.
struct MessageEntry {
  std::string_view en;
  std::string_view zh;
};
std::span<const MessageEntry> ChineseMessageTable();
// The index of the entry TranslateToChinese uses for `english`, or -1.
int ChineseMessageEntry(std::string_view english);
// Problems of the table's patterns (unknown placeholder kinds, a Chinese
// placeholder the English lacks, ...); empty when it is well formed.
std::vector<std::string> ChineseMessageTableProblems();

}  // namespace aftercare::http
