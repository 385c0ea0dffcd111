// Client-visible messages in the client's language. The code writes precise
// English messages (the keys of the areas' catalogues, src/core/message_catalogue.h,
// listed in message_catalogues.h); the API renders an error's message here, in
// one place (Responder::ErrorReply in router.cpp and the server's own plain
// errors): in Chinese for a client that prefers it, otherwise in the English of
// the catalogue, which names fields by the UI's terms. A message no catalogue
// knows is sent as it is (src/http/message_sources_test.cpp keeps that from
// happening). `code` and `field` of an error never change: only `message`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/message_catalogue.h"

namespace aftercare::http {

enum class Language { kZh, kEn };

// True when the client's first preference in an Accept-Language header (the
// highest q, the earliest of equals) is Chinese: "zh" or a "zh-" tag.
bool PrefersChinese(std::string_view accept_language);

// A message as a client reads it in `language`, or nullopt when no catalogue
// has an entry for it.
std::optional<std::string> TranslateMessage(std::string_view message, Language language);
inline std::optional<std::string> TranslateToChinese(std::string_view message) {
  return TranslateMessage(message, Language::kZh);
}

// An error message in the client's language. `language` is the Content-Language
// of `text`: "zh-CN", or "en" (the catalogue's English, or the message as it is
// when no catalogue knows it).
struct LocalizedMessage {
  std::string text;
  std::string_view language;
};
LocalizedMessage LocalizeMessage(std::string_view accept_language, std::string_view message);

// The UI's term for a name of `kind` (a metric, a status, a role) in `language`,
// nullopt when no catalogue names it: for text the server writes itself (a
// notice's mail or robot post).
std::optional<std::string_view> UiTerm(messages::TermKind kind, std::string_view name,
                                       Language language);

// True when `text` is what some catalogue entry renders, in either language:
// for black-box tests that see only what a client sees.
bool IsCataloguedText(std::string_view text);

// For the catalogue's tests: every entry of every catalogue (an entry's index is
// its id), the entries whose keys match a message (the one used first), an
// entry's rendering of a message, and what is wrong with the catalogues (a key
// that does not parse, a key listed twice, a term named twice differently).
struct CatalogueEntry {
  std::string_view area;
  messages::Message message;
};
const std::vector<CatalogueEntry>& CatalogueEntries();
std::vector<int> MatchingEntries(std::string_view message);
std::optional<std::string> RenderEntry(int entry, std::string_view message, Language language);
std::vector<std::string> CatalogueProblems();

}  // namespace aftercare::http
