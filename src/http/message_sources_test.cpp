// Every message the code can send to a client has its catalogue entry (issue 11
// point 3), found by reading the source rather than by what the API tests
// happen to provoke. The test lexes src/{core,sla,store,service,jobs,http}, finds each
// place an error's client-visible message is made (Error::Invalid, Error::Io,
// an ErrorCode other than kInternal followed by its message, and the helpers
// listed in kForwarders that pass a caller's message on), turns the message
// expression into a shape (literal text, and `*` for each part computed at run
// time), and asks the catalogues to render it with each `*` filled in by samples
// of the kinds a placeholder can stand for. A shape no sample fills in so that
// it renders is a message without its Chinese.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "http/messages.h"

namespace aftercare::http {
namespace {

namespace fs = std::filesystem;

struct Token {
  enum Kind { kIdent, kString, kPunct } kind;
  std::string text;  // a string literal's value, decoded
  int line = 0;
};

// A small C++ lexer: identifiers, string literals (with adjacent ones joined),
// punctuation; comments, numbers and character literals dropped.
std::vector<Token> Lex(const std::string& src) {
  std::vector<Token> out;
  int line = 1;
  for (std::size_t i = 0; i < src.size();) {
    char c = src[i];
    if (c == '\n') ++line;
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
      continue;
    }
    if (src.compare(i, 2, "/*") == 0) {
      std::size_t end = src.find("*/", i + 2);
      line += static_cast<int>(std::count(src.begin() + static_cast<std::ptrdiff_t>(i),
                                          src.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
      i = end + 2;
      continue;
    }
    if (src.compare(i, 2, "R\"") == 0) {  // R"delim( ... )delim"
      std::size_t open = src.find('(', i);
      std::string close = ")" + src.substr(i + 2, open - i - 2) + "\"";
      std::size_t end = src.find(close, open);
      std::string value = src.substr(open + 1, end - open - 1);
      line += static_cast<int>(std::count(value.begin(), value.end(), '\n'));
      out.push_back({Token::kString, value, line});
      i = end + close.size();
      continue;
    }
    if (c == '"') {
      std::string value;
      std::size_t j = i + 1;
      for (; j < src.size() && src[j] != '"'; ++j) {
        if (src[j] == '\\' && j + 1 < src.size()) {
          char e = src[++j];
          value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
          value += src[j];
        }
      }
      if (!out.empty() && out.back().kind == Token::kString) {
        out.back().text += value;  // "a" "b" is one literal
      } else {
        out.push_back({Token::kString, value, line});
      }
      i = j + 1;
      continue;
    }
    if (c == '\'') {
      std::size_t j = i + 1;
      while (j < src.size() && src[j] != '\'') j += src[j] == '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < src.size() &&
             (std::isalnum(static_cast<unsigned char>(src[j])) || src[j] == '_')) {
        ++j;
      }
      out.push_back({Token::kIdent, src.substr(i, j - i), line});
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < src.size() &&
             (std::isalnum(static_cast<unsigned char>(src[i])) || src[i] == '.')) {
        ++i;
      }
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) {
      if (src.compare(i, 2, "::") == 0) {
        out.push_back({Token::kPunct, "::", line});
        i += 2;
        continue;
      }
      out.push_back({Token::kPunct, std::string(1, c), line});
    }
    ++i;
  }
  return out;
}

bool Is(const std::vector<Token>& t, std::size_t i, std::string_view text) {
  return i < t.size() && t[i].kind != Token::kString && t[i].text == text;
}

// The tokens of the argument that starts at `i`: up to the `,` or closing
// bracket at its own depth.
std::vector<Token> Argument(const std::vector<Token>& t, std::size_t i) {
  std::vector<Token> arg;
  int depth = 0;
  for (; i < t.size(); ++i) {
    const Token& k = t[i];
    if (k.kind == Token::kPunct) {
      if (k.text == "(" || k.text == "{" || k.text == "[") ++depth;
      if (k.text == ")" || k.text == "}" || k.text == "]") {
        if (depth == 0) break;
        --depth;
      }
      if (k.text == "," && depth == 0) break;
    }
    arg.push_back(k);
  }
  return arg;
}

// Start of the `n`th argument of the call whose `(` or `{` is at `open`.
std::size_t NthArgument(const std::vector<Token>& t, std::size_t open, int n) {
  std::size_t i = open + 1;
  for (int k = 0; k < n; ++k) i += Argument(t, i).size() + 1;
  return i;
}

// Stands for a part computed at run time (a `*` in the comments).
constexpr char kAny = '\x01';

// A message expression's shapes: its `+`-joined parts, each a literal or `*`
// (a `cond ? "a" : "b"` part gives one shape per branch).
std::vector<std::string> Shapes(const std::vector<Token>& arg) {
  std::vector<std::string> shapes = {""};
  std::size_t i = 0;
  while (i < arg.size()) {
    std::vector<Token> part;
    int depth = 0;
    for (; i < arg.size(); ++i) {
      const Token& k = arg[i];
      if (k.kind == Token::kPunct && (k.text == "(" || k.text == "{")) ++depth;
      if (k.kind == Token::kPunct && (k.text == ")" || k.text == "}")) --depth;
      if (k.kind == Token::kPunct && k.text == "+" && depth == 0) break;
      part.push_back(k);
    }
    ++i;
    std::vector<std::string> alternatives;
    std::vector<std::string> literals;
    for (const Token& k : part) {
      if (k.kind == Token::kString) literals.push_back(k.text);
    }
    bool wrapped = part.size() >= 4 && part[0].text == "std" && part[2].text == "string" &&
                   part.size() == 6 && part[4].kind == Token::kString;  // std::string("...")
    if (part.size() == 1 && part[0].kind == Token::kString) {
      alternatives = {part[0].text};
    } else if (wrapped) {
      alternatives = {part[4].text};
    } else if (std::any_of(part.begin(), part.end(),
                           [](const Token& k) { return k.text == "?"; }) &&
               literals.size() == 2 && part.back().kind == Token::kString) {
      alternatives = literals;  // cond ? "a" : "b"
    } else {
      alternatives = {std::string(1, kAny)};
    }
    std::vector<std::string> next;
    for (const std::string& s : shapes) {
      for (const std::string& a : alternatives) next.push_back(s + a);
    }
    shapes = std::move(next);
  }
  return shapes;
}

// What a `*` may stand for: a sample of every kind a placeholder takes.
const std::vector<std::string>& Samples() {
  static const std::vector<std::string> kSamples = {"title",
                                                    "caller_phone",
                                                    "form.approvals.supervisor.signer",
                                                    "42",
                                                    "2026-01-01",
                                                    "HT-7",
                                                    "engineer",
                                                    "resolved",
                                                    "waiting",
                                                    "acknowledge",
                                                    "a policy metric",
                                                    "a, b or c",
                                                    "title is required",
                                                    "PUT",
                                                    "ticket",
                                                    "contract",
                                                    "customer",
                                                    "system",
                                                    "user",
                                                    "team",
                                                    "team member",
                                                    "shift",
                                                    "attachment",
                                                    "API token",
                                                    "date",
                                                    "time",
                                                    "`week`",
                                                    "note",
                                                    "contact"};
  return kSamples;
}

bool Renders(const std::string& shape) {
  std::size_t star = shape.find(kAny);
  if (star == std::string::npos) return TranslateToChinese(shape).has_value();
  for (const std::string& s : Samples()) {
    if (Renders(shape.substr(0, star) + s + shape.substr(star + 1))) return true;
  }
  return false;
}

// Helpers that pass a caller's message on, or make one of their arguments:
// their calls are scanned instead, the message being `shape` with {n} replaced
// by the shapes of argument n (and \x01 for what the helper computes itself).
struct Forwarder {
  std::string_view file;  // its path ends so
  std::string_view function;
  std::string_view shape;
};
const Forwarder kForwarders[] = {
    {"http/json_body.cpp", "Fail", "{1}"},                   // JsonBody::Fail(field, message)
    {"service/tickets/tickets.cpp", "bad", "form.{0} {1}"},  // CheckForm's bad(field, why)
    {"core/posix_tz.cpp", "bad", "TZ rule \"\x01\": {0} at character \x01"},
    {"jobs/mail/smtp.cpp", "Transient", "{0}"},  // a failure to retry
};

// The shapes of a forwarder's call at `open` (its `(`).
std::vector<std::string> ForwardedShapes(const std::vector<Token>& t, std::size_t open,
                                         std::string_view shape) {
  std::vector<std::string> out = {""};
  for (std::size_t i = 0; i < shape.size(); ++i) {
    std::vector<std::string> parts = {std::string(1, shape[i])};
    if (shape[i] == '{' && i + 2 < shape.size() && shape[i + 2] == '}') {
      parts = Shapes(Argument(t, NthArgument(t, open, shape[i + 1] - '0')));
      i += 2;
    }
    std::vector<std::string> next;
    for (const std::string& s : out) {
      for (const std::string& p : parts) next.push_back(s + p);
    }
    out = std::move(next);
  }
  return out;
}

// A forwarder's own definition: its shape with every argument computed.
bool IsDefinition(const std::string& shape, std::string_view forwarder_shape) {
  std::string own;
  for (std::size_t i = 0; i < forwarder_shape.size(); ++i) {
    if (forwarder_shape[i] == '{') {
      own += kAny;
      i += 2;
    } else {
      own += forwarder_shape[i];
    }
  }
  return shape == own;
}

struct Site {
  std::string where;
  std::vector<std::string> shapes;
};

std::vector<Site> Sites(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream buf;
  buf << in.rdbuf();
  std::vector<Token> t = Lex(buf.str());
  std::vector<Site> sites;
  std::vector<std::string_view> own;  // this file's forwarders
  for (const Forwarder& f : kForwarders) {
    if (file.generic_string().ends_with(f.file)) own.push_back(f.shape);
  }
  auto add = [&](std::size_t at, std::vector<std::string> shapes) {
    std::erase_if(shapes, [&](const std::string& s) {
      return std::any_of(own.begin(), own.end(), [&](auto f) { return IsDefinition(s, f); });
    });
    sites.push_back({file.string() + ":" + std::to_string(t[at].line), std::move(shapes)});
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (Is(t, i, "Error") && Is(t, i + 1, "::") &&
        (Is(t, i + 2, "Invalid") || Is(t, i + 2, "Io")) && Is(t, i + 3, "(")) {
      add(i, Shapes(Argument(t, i + 4)));
    }
    if (Is(t, i, "ErrorCode") && Is(t, i + 1, "::") && i + 3 < t.size() && Is(t, i + 3, ",") &&
        i > 0 && (Is(t, i - 1, "(") || Is(t, i - 1, "{")) && t[i + 2].text != "kInternal") {
      add(i, Shapes(Argument(t, i + 4)));
    }
    for (const Forwarder& f : kForwarders) {
      if (file.generic_string().ends_with(f.file) && Is(t, i, f.function) && Is(t, i + 1, "(")) {
        add(i, ForwardedShapes(t, i + 1, f.shape));
      }
    }
  }
  return sites;
}

// The shapes of `file`'s messages that no catalogue entry renders, with where.
std::vector<std::string> Missing(const fs::path& file, int& scanned) {
  std::vector<std::string> missing;
  for (const Site& site : Sites(file)) {
    ++scanned;
    for (const std::string& shape : site.shapes) {
      if (shape == std::string(1, kAny)) continue;  // forwards a message made elsewhere
      if (!Renders(shape)) {
        std::string shown = shape;
        std::replace(shown.begin(), shown.end(), kAny, '*');
        missing.push_back(site.where + ": " + shown);
      }
    }
  }
  return missing;
}

TEST(MessageSources, EveryClientMessageHasItsEntry) {
  const fs::path root = AFTERCARE_SOURCE_DIR;
  int scanned = 0;
  std::vector<std::string> missing;
  for (const char* layer : {"core", "sla", "store", "service", "jobs", "http"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / layer)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.ends_with("_test.cpp") ||
          entry.path().parent_path().filename() == "testing" || name.ends_with("_messages.cpp") ||
          !(name.ends_with(".cpp") || name.ends_with(".h"))) {
        continue;
      }
      std::vector<std::string> m = Missing(entry.path(), scanned);
      missing.insert(missing.end(), m.begin(), m.end());
    }
  }
  EXPECT_GE(scanned, 200);
  EXPECT_EQ(missing, std::vector<std::string>{});
}

// The scan finds a new message without its entry in each form a message takes,
// and passes those the catalogues know.
TEST(MessageSources, ANewMessageWithoutItsEntryIsFound) {
  fs::path file =
      fs::temp_directory_path() / ("aftercare-scan-" + std::to_string(::getpid()) + ".cpp");
  std::ofstream(file) << R"cpp(
    // Error::Invalid("a comment is not a message")
    Status A() { return Error::Invalid("a rule nobody translated", 0, "x"); }
    Status B(std::string name) {
      return Error{ErrorCode::kConflict, "a team called " + name + " is here already", "name", 0, {}};
    }
    Status C() { return Error{ErrorCode::kInternal, "never shown", {}, 0, {}}; }
    Status D(bool p) {
      return Error::Invalid(p ? "title is required" : "a second untranslated", 0, "t");
    }
    Status E(std::string name) {
      return Error{ErrorCode::kConflict, "team " + name + " exists", "name", 0, {}};
    }
    Status F() {
      return Error::Io(
          "the database "
          "cannot be reached");
    }
  )cpp";
  int scanned = 0;
  std::vector<std::string> missing = Missing(file, scanned);
  fs::remove(file);
  EXPECT_EQ(scanned, 5);
  ASSERT_EQ(missing.size(), 3u);
  EXPECT_TRUE(missing[0].ends_with(":3: a rule nobody translated")) << missing[0];
  EXPECT_TRUE(missing[1].ends_with(":5: a team called * is here already")) << missing[1];
  EXPECT_TRUE(missing[2].ends_with(": a second untranslated")) << missing[2];
}

}  // namespace
}  // namespace aftercare::http
