#include "http/messages.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>

#include "http/message_catalogues.h"

namespace aftercare::http {
namespace {

using messages::TermKind;

// The placeholder kinds of a key (see core/message_catalogue.h).
enum class Kind { kField, kValue, kNum, kMsg, kRole, kEventKind, kStatus, kMetric, kWhat, kList };

std::optional<Kind> KindOf(std::string_view name) {
  while (!name.empty() && name.back() >= '0' && name.back() <= '9') name.remove_suffix(1);
  static const std::pair<std::string_view, Kind> kKinds[] = {
      {"field", Kind::kField},   {"value", Kind::kValue},   {"num", Kind::kNum},
      {"msg", Kind::kMsg},       {"role", Kind::kRole},     {"kind", Kind::kEventKind},
      {"status", Kind::kStatus}, {"metric", Kind::kMetric}, {"what", Kind::kWhat},
      {"list", Kind::kList},
  };
  for (const auto& [n, k] : kKinds) {
    if (n == name) return k;
  }
  return std::nullopt;
}

struct Part {
  bool placeholder = false;
  std::string_view text;  // the literal text, or the placeholder's name
  Kind kind = Kind::kValue;
};

// Splits a key or a translation into literal text and {placeholders}.
std::optional<std::vector<Part>> Parse(std::string_view pattern, std::string& problem) {
  std::vector<Part> parts;
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t open = pattern.find('{', i);
    if (open == std::string_view::npos) {
      parts.push_back({false, pattern.substr(i), Kind::kValue});
      break;
    }
    if (open > i) parts.push_back({false, pattern.substr(i, open - i), Kind::kValue});
    std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      problem = "unclosed {";
      return std::nullopt;
    }
    std::string_view name = pattern.substr(open + 1, close - open - 1);
    auto kind = KindOf(name);
    if (!kind) {
      problem = "unknown placeholder {" + std::string(name) + "}";
      return std::nullopt;
    }
    if (!parts.empty() && parts.back().placeholder) {
      problem = "two placeholders in a row";
      return std::nullopt;
    }
    parts.push_back({true, name, *kind});
    i = close + 1;
  }
  return parts;
}

std::size_t LiteralLength(const std::vector<Part>& parts) {
  std::size_t n = 0;
  for (const Part& p : parts) {
    if (!p.placeholder) n += p.text.size();
  }
  return n;
}

struct Compiled {
  int entry = 0;
  std::vector<Part> key, zh, en;
  std::size_t specificity = 0;  // literal characters of the key
};

struct TermText {
  std::string_view zh, en;
};

// Every catalogue, compiled once.
struct Catalogues {
  std::vector<CatalogueEntry> entries;
  std::unordered_map<std::string_view, int> literal;  // keys without placeholders
  std::vector<Compiled> compiled;                     // by entry id
  // Keys with placeholders, the most specific first; equals by key, so the
  // order of catalogues and entries never matters.
  std::vector<int> patterns;
  std::map<std::pair<TermKind, std::string_view>, TermText> terms;
  std::vector<std::string> problems;
};

// The parts of an entry's key and translations, with what is wrong with them.
bool CompileEntry(const CatalogueEntry& e, Compiled& c, std::string& problem) {
  auto key = Parse(e.message.key, problem);
  if (!key) return false;
  auto zh = Parse(e.message.zh, problem);
  if (!zh) return false;
  auto en = Parse(e.message.en.empty() ? e.message.key : e.message.en, problem);
  if (!en) return false;
  auto uses = [](const std::vector<Part>& parts, std::string_view name) {
    return std::count_if(parts.begin(), parts.end(),
                         [&](const Part& p) { return p.placeholder && p.text == name; });
  };
  for (const Part& p : *key) {
    if (!p.placeholder) continue;
    if (uses(*key, p.text) != 1 || uses(*zh, p.text) != 1 || uses(*en, p.text) != 1) {
      problem =
          "{" + std::string(p.text) + "} must appear once in the key, the Chinese and the English";
      return false;
    }
  }
  for (const auto* parts : {&*zh, &*en}) {
    for (const Part& p : *parts) {
      if (p.placeholder && uses(*key, p.text) == 0) {
        problem = "{" + std::string(p.text) + "} is not in the key";
        return false;
      }
    }
  }
  if (key->size() == 1 && key->front().placeholder) {
    problem = "the key matches everything";
    return false;
  }
  c.key = std::move(*key);
  c.zh = std::move(*zh);
  c.en = std::move(*en);
  c.specificity = LiteralLength(c.key);
  return true;
}

const Catalogues& AllCatalogues() {
  static const Catalogues kAll = [] {
    Catalogues all;
    const messages::Catalogue list[] = {
#define AFTERCARE_LIST_CATALOGUE(Name) messages::Name##Catalogue(),
        AFTERCARE_MESSAGE_CATALOGUES(AFTERCARE_LIST_CATALOGUE)
#undef AFTERCARE_LIST_CATALOGUE
    };
    std::map<std::string_view, std::string_view> key_area;
    std::map<std::pair<TermKind, std::string_view>, std::string_view> term_area;
    for (const messages::Catalogue& cat : list) {
      for (const messages::Message& m : cat.messages) {
        std::string where = std::string(cat.area) + " \"" + std::string(m.key) + "\": ";
        auto [it, fresh] = key_area.emplace(m.key, cat.area);
        if (!fresh) {
          all.problems.push_back(where + "also in " + std::string(it->second));
          continue;
        }
        int id = static_cast<int>(all.entries.size());
        all.entries.push_back({cat.area, m});
        Compiled c;
        c.entry = id;
        std::string problem;
        bool ok = CompileEntry(all.entries.back(), c, problem);
        if (!ok) all.problems.push_back(where + problem);
        all.compiled.push_back(std::move(c));
        if (!ok) continue;
        const Compiled& done = all.compiled.back();
        if (done.key.size() == 1 && !done.key.front().placeholder) {
          all.literal.emplace(m.key, id);
        } else {
          all.patterns.push_back(id);
        }
      }
      for (const messages::Term& t : cat.terms) {
        auto [it, fresh] = all.terms.emplace(std::pair{t.kind, t.name}, TermText{t.zh, t.en});
        if (!fresh && (it->second.zh != t.zh || it->second.en != t.en)) {
          all.problems.push_back(std::string(cat.area) + ": term " + std::string(t.name) +
                                 " is named differently in " +
                                 std::string(term_area[{t.kind, t.name}]));
        }
        term_area.emplace(std::pair{t.kind, t.name}, cat.area);
      }
    }
    std::sort(all.patterns.begin(), all.patterns.end(), [&](int a, int b) {
      const Compiled &x = all.compiled[a], &y = all.compiled[b];
      if (x.specificity != y.specificity) return x.specificity > y.specificity;
      return all.entries[a].message.key < all.entries[b].message.key;
    });
    return all;
  }();
  return kAll;
}

std::optional<std::string_view> Term(TermKind kind, std::string_view name, Language language) {
  const auto& terms = AllCatalogues().terms;
  auto it = terms.find({kind, name});
  if (it == terms.end()) return std::nullopt;
  return language == Language::kZh ? it->second.zh : it->second.en;
}

// A field's term; a field no catalogue names is shown as it is.
std::string FieldTerm(std::string_view field, Language language) {
  if (auto t = Term(TermKind::kField, field, language)) return std::string(*t);
  constexpr std::string_view kApprovals = "form.approvals.";
  constexpr std::string_view kForm = "form.";
  if (field.starts_with(kApprovals)) {
    std::string_view rest = field.substr(kApprovals.size());
    std::size_t dot = rest.find('.');
    auto step = Term(TermKind::kApproval, rest.substr(0, dot), language);
    if (!step) return std::string(field);
    if (dot == std::string_view::npos) return std::string(*step);
    auto part = Term(TermKind::kApproval, rest.substr(dot + 1), language);
    if (!part) return std::string(field);
    if (language == Language::kZh) return std::string(*step) + "的" + std::string(*part);
    return std::string(*part) + " (" + std::string(*step) + ")";
  }
  if (field.starts_with(kForm)) {
    if (auto t = Term(TermKind::kForm, field.substr(kForm.size()), language)) {
      return std::string(*t);
    }
  }
  return std::string(field);
}

// The nouns the policy reader names things by; "calendar `x`" and "metric `x`"
// name one of them.
std::optional<std::string> WhatTerm(std::string_view what, Language language) {
  if (auto t = Term(TermKind::kWhat, what, language)) return std::string(*t);
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"calendar `", "日历 `"}, {"metric `", "指标 `"}};
  for (auto [prefix, zh] : kNamed) {
    if (what.starts_with(prefix) && what.size() > prefix.size() + 1 && what.ends_with('`')) {
      if (language == Language::kEn) return std::string(what);
      return std::string(zh) + std::string(what.substr(prefix.size()));
    }
  }
  return std::nullopt;
}

// "a, b or c" / "P1 to P4" as Chinese lists: "a、b 或 c", "P1 至 P4".
std::string ChineseList(std::string_view list) {
  std::string out;
  for (std::size_t i = 0; i < list.size();) {
    if (list.substr(i).starts_with(", ")) {
      out += "、";
      i += 2;
    } else if (list.substr(i).starts_with(" or ")) {
      out += " 或 ";
      i += 4;
    } else if (list.substr(i).starts_with(" to ")) {
      out += " 至 ";
      i += 4;
    } else {
      out += list[i++];
    }
  }
  return out;
}

bool IsFieldChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

// Longer messages (a huge unknown key, say) are left as they are.
constexpr std::size_t kMaxMessage = 4096;
constexpr int kMaxDepth = 4;

std::optional<std::string> Translate(std::string_view message, Language language, int depth);

// A captured part as shown in `language`, or nullopt when it is not of its kind.
std::optional<std::string> Convert(Kind kind, std::string_view text, Language language, int depth) {
  switch (kind) {
    case Kind::kField:
      if (!std::all_of(text.begin(), text.end(), IsFieldChar)) return std::nullopt;
      return FieldTerm(text, language);
    case Kind::kNum: {
      std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
      if (digits.empty() ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
      }
      return std::string(text);
    }
    case Kind::kValue:
      return std::string(text);
    case Kind::kMsg:
      return Translate(text, language, depth + 1);
    case Kind::kRole:
      if (auto t = Term(TermKind::kRole, text, language)) return std::string(*t);
      return std::nullopt;
    case Kind::kEventKind:
      if (auto t = Term(TermKind::kEventKind, text, language)) return std::string(*t);
      return std::nullopt;
    case Kind::kStatus:
      if (auto t = Term(TermKind::kStatus, text, language)) return std::string(*t);
      return std::nullopt;
    case Kind::kMetric:  // a stored policy's own metric keeps its name
      return std::string(Term(TermKind::kMetric, text, language).value_or(text));
    case Kind::kWhat:
      return WhatTerm(text, language);
    case Kind::kList:
      return language == Language::kZh ? ChineseList(text) : std::string(text);
  }
  return std::nullopt;
}

struct Capture {
  std::string_view name;
  std::string text;  // as shown in the language asked for
};

// Matches `parts[i..]` against `text`, each placeholder taking as little as it can.
bool Match(const std::vector<Part>& parts, std::size_t i, std::string_view text, Language language,
           int depth, std::vector<Capture>& captures) {
  if (i == parts.size()) return text.empty();
  const Part& p = parts[i];
  if (!p.placeholder) {
    if (!text.starts_with(p.text)) return false;
    return Match(parts, i + 1, text.substr(p.text.size()), language, depth, captures);
  }
  auto attempt = [&](std::size_t length) {
    auto shown = Convert(p.kind, text.substr(0, length), language, depth);
    if (!shown) return false;
    captures.push_back({p.text, std::move(*shown)});
    if (Match(parts, i + 1, text.substr(length), language, depth, captures)) return true;
    captures.pop_back();
    return false;
  };
  if (i + 1 == parts.size()) return !text.empty() && attempt(text.size());
  std::string_view next = parts[i + 1].text;  // a literal: placeholders never touch
  if (i + 2 == parts.size()) {
    // The literal ends the message: one place to try.
    return text.size() > next.size() && text.ends_with(next) && attempt(text.size() - next.size());
  }
  for (std::size_t at = text.find(next, 1); at != std::string_view::npos;
       at = text.find(next, at + 1)) {
    if (p.kind == Kind::kField &&
        !std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), IsFieldChar)) {
      return false;  // longer captures hold the same bad character
    }
    if (attempt(at)) return true;
  }
  return false;
}

// The code point at the start of `s` (UTF-8), or 0.
char32_t FirstCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  auto b = static_cast<unsigned char>(s[0]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || static_cast<int>(s.size()) < len) return 0;
  if (len == 1) return b;
  char32_t cp = b & (0x7F >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  return cp;
}

char32_t LastCodePoint(std::string_view s) {
  std::size_t start = s.size();
  while (start > 0 && (static_cast<unsigned char>(s[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  return FirstCodePoint(s.substr(start));
}

bool IsHan(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF);
}

bool IsLatin(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '`' ||
         c == '_' || c == '#';
}

// A space between Chinese characters and Latin text or digits that meet where a
// placeholder is filled in: "工单 HT-1 不存在", "节假日 2027-01-01".
bool NeedsSpace(std::string_view before, std::string_view after) {
  char32_t a = LastCodePoint(before), b = FirstCodePoint(after);
  return (IsHan(a) && IsLatin(b)) || (IsLatin(a) && IsHan(b));
}

std::string Render(const std::vector<Part>& parts, const std::vector<Capture>& captures,
                   Language language) {
  std::string out;
  bool after_placeholder = false;
  for (const Part& p : parts) {
    std::string_view text = p.text;
    if (p.placeholder) {
      for (const Capture& c : captures) {
        if (c.name == p.text) text = c.text;
      }
    }
    if (language == Language::kZh && (p.placeholder || after_placeholder) && !out.empty() &&
        !text.empty() && NeedsSpace(out, text)) {
      out += ' ';
    }
    out += text;
    after_placeholder = p.placeholder;
  }
  return out;
}

std::optional<std::string> RenderCompiled(const Compiled& c, std::string_view message,
                                          Language language, int depth) {
  std::vector<Capture> captures;
  if (!Match(c.key, 0, message, language, depth, captures)) return std::nullopt;
  return Render(language == Language::kZh ? c.zh : c.en, captures, language);
}

std::optional<std::string> Translate(std::string_view message, Language language, int depth) {
  if (message.empty() || message.size() > kMaxMessage || depth > kMaxDepth) return std::nullopt;
  const Catalogues& all = AllCatalogues();
  if (auto it = all.literal.find(message); it != all.literal.end()) {
    return RenderCompiled(all.compiled[it->second], message, language, depth);
  }
  for (int id : all.patterns) {
    if (auto text = RenderCompiled(all.compiled[id], message, language, depth)) return text;
  }
  return std::nullopt;
}

// Whether `text` has the shape of `parts`, any placeholder standing for any text.
bool Resembles(const std::vector<Part>& parts, std::size_t i, std::string_view text) {
  if (i == parts.size()) return text.empty();
  const Part& p = parts[i];
  if (!p.placeholder) {
    return text.starts_with(p.text) && Resembles(parts, i + 1, text.substr(p.text.size()));
  }
  if (i + 1 == parts.size()) return !text.empty();
  std::string_view next = parts[i + 1].text;  // a literal: placeholders never touch
  for (std::size_t at = text.find(next, 1); at != std::string_view::npos;
       at = text.find(next, at + 1)) {
    if (Resembles(parts, i + 1, text.substr(at))) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The q of one Accept-Language element ("zh-CN;q=0.8"): 1 when absent, 0 when malformed.
double Quality(std::string_view params) {
  while (!params.empty()) {
    std::size_t semi = params.find(';');
    std::string_view p = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q')) continue;
    p = Trim(p.substr(1));
    if (p.empty() || p[0] != '=') continue;
    p = Trim(p.substr(1));
    double q = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), q);
    if (ec != std::errc() || end != p.data() + p.size() || q < 0 || q > 1) return 0;
    return q;
  }
  return 1;
}

}  // namespace

std::optional<std::string_view> UiTerm(TermKind kind, std::string_view name, Language language) {
  return Term(kind, name, language);
}

bool PrefersChinese(std::string_view accept_language) {
  std::string_view best;
  double best_q = 0;
  while (!accept_language.empty()) {
    std::size_t comma = accept_language.find(',');
    std::string_view item = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    std::size_t semi = item.find(';');
    std::string_view tag = Trim(item.substr(0, semi));
    double q = semi == std::string_view::npos ? 1 : Quality(item.substr(semi + 1));
    if (!tag.empty() && q > best_q) {
      best = tag;
      best_q = q;
    }
  }
  if (best.size() < 2) return false;
  auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  return lower(best[0]) == 'z' && lower(best[1]) == 'h' && (best.size() == 2 || best[2] == '-');
}

std::optional<std::string> TranslateMessage(std::string_view message, Language language) {
  return Translate(message, language, 0);
}

LocalizedMessage LocalizeMessage(std::string_view accept_language, std::string_view message) {
  if (PrefersChinese(accept_language)) {
    if (auto zh = Translate(message, Language::kZh, 0)) return {std::move(*zh), "zh-CN"};
  }
  if (auto en = Translate(message, Language::kEn, 0)) return {std::move(*en), "en"};
  return {std::string(message), "en"};
}

bool IsCataloguedText(std::string_view text) {
  if (text.size() > kMaxMessage) return false;
  for (const Compiled& c : AllCatalogues().compiled) {
    if (Resembles(c.zh, 0, text) || Resembles(c.en, 0, text)) return true;
  }
  return false;
}

const std::vector<CatalogueEntry>& CatalogueEntries() { return AllCatalogues().entries; }

std::vector<int> MatchingEntries(std::string_view message) {
  const Catalogues& all = AllCatalogues();
  std::vector<int> out;
  if (auto it = all.literal.find(message); it != all.literal.end()) out.push_back(it->second);
  for (int id : all.patterns) {
    if (RenderCompiled(all.compiled[id], message, Language::kZh, 0)) out.push_back(id);
  }
  return out;
}

std::optional<std::string> RenderEntry(int entry, std::string_view message, Language language) {
  const Catalogues& all = AllCatalogues();
  if (entry < 0 || entry >= static_cast<int>(all.compiled.size())) return std::nullopt;
  return RenderCompiled(all.compiled[entry], message, language, 0);
}

std::vector<std::string> CatalogueProblems() { return AllCatalogues().problems; }

}  // namespace aftercare::http
