#include "jobs/mail/imap.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>

#include "jobs/curl_handle.h"

namespace aftercare::jobs::mail {
namespace {

// Answers to commands other than FETCH are small (a SEARCH of 100,000 UIDs is
// under 1 MB); the bound only stops a runaway server.
constexpr std::size_t kMaxAnswer = 16 * 1024 * 1024;

// What curl hands over, up to `limit` bytes; past it the transfer is stopped.
struct Sink {
  std::string data;
  std::size_t limit = 0;
  bool too_large = false;
};

std::size_t Write(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->data.size() + n > sink->limit) {
    sink->too_large = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  sink->data.append(bytes, n);
  return n;
}

Error Transient(std::string message, std::string detail) {
  return Error::Io(std::move(message), std::move(detail));
}

bool ValidMailbox(std::string_view name) {
  return !name.empty() && name.size() <= 200 && std::all_of(name.begin(), name.end(), [](char c) {
    return c >= ' ' && c < 0x7F && std::string_view("\"\\%;?#*").find(c) == std::string_view::npos;
  });
}

// RFC 3986 percent-encoding of everything but unreserved characters and '/'
// (the mailbox's hierarchy separator may be one).
std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || std::string_view("-._~/").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

// imap[s]://host:port/ and, with `path`, the mailbox and its ";NAME=value" parts.
Result<std::string> Url(const ImapSettings& s, const std::string& path) {
  bool ok = !s.host.empty() && s.port > 0 && s.port <= 65535 &&
            s.host.find_first_of("/@?#\r\n \t") == std::string::npos && ValidMailbox(s.mailbox);
  CurlUrl url(curl_url());
  std::string host = s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host;
  std::string port = std::to_string(s.port);
  ok = ok && url != nullptr &&
       curl_url_set(url.get(), CURLUPART_SCHEME,
                    s.security == ImapSecurity::kTls ? "imaps" : "imap", 0) == CURLUE_OK &&
       curl_url_set(url.get(), CURLUPART_HOST, host.c_str(), 0) == CURLUE_OK &&
       curl_url_set(url.get(), CURLUPART_PORT, port.c_str(), 0) == CURLUE_OK &&
       curl_url_set(url.get(), CURLUPART_PATH, ("/" + path).c_str(), 0) == CURLUE_OK;
  char* text = nullptr;
  ok = ok && curl_url_get(url.get(), CURLUPART_URL, &text, 0) == CURLUE_OK;
  if (!ok) {
    curl_free(text);
    return Transient(
        "the mail settings are not valid",
        "IMAP host \"" + s.host + "\", port " + port + ", mailbox \"" + s.mailbox + "\"");
  }
  std::string out = text;
  curl_free(text);
  return out;
}

// The mailbox pinned to the UIDVALIDITY its UIDs belong to: curl compares it with
// the server's when it selects the mailbox and stops if they differ.
std::string PinnedPath(const ImapSettings& s, std::uint32_t uid_validity) {
  return PercentEncode(s.mailbox) + ";UIDVALIDITY=" + std::to_string(uid_validity);
}

// What went wrong, from curl's result.
Error Failure(CURLcode code, const char* error_buffer, const Sink& sink) {
  std::string detail = std::string("curl: ") +
                       (*error_buffer != '\0' ? error_buffer : curl_easy_strerror(code)) + " (" +
                       std::to_string(static_cast<int>(code)) + ")";
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return Transient("cannot reach the mail server", std::move(detail));
    case CURLE_OPERATION_TIMEDOUT:
      return Transient("the mail server did not answer in time", std::move(detail));
    case CURLE_LOGIN_DENIED:
      // curl 7.88 also says this when SELECT fails (no such mailbox): the detail
      // tells them apart ("Select failed").
      if (std::string_view(error_buffer).find("Select") != std::string_view::npos) {
        return Transient("the mail server has no such mailbox", std::move(detail));
      }
      return Transient("the mail server refused the login", std::move(detail));
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return Transient("cannot make a secure connection to the mail server", std::move(detail));
    case CURLE_REMOTE_FILE_NOT_FOUND:  // no such UID, or another UIDVALIDITY
      return Error{
          ErrorCode::kNotFound, "the mail is no longer in the mailbox", {}, 0, std::move(detail)};
    case CURLE_QUOTE_ERROR:  // a NO or BAD to our own command: EXAMINE of a missing mailbox
      return Transient("the mail server has no such mailbox", std::move(detail));
    case CURLE_WRITE_ERROR:
      if (sink.too_large) {
        return Error{ErrorCode::kInvalidInput,
                     "the mail is too large to read",
                     {},
                     0,
                     std::move(detail) + "; more than " + std::to_string(sink.limit) + " bytes"};
      }
      break;
    default:
      break;
  }
  return Transient("the mail server could not be used", std::move(detail));
}

// One connection: login, then `custom` (an IMAP command whose untagged answers
// are returned), or curl's own fetch of the URL's ;UID= when `custom` is empty.
Result<std::string> Perform(const ImapSettings& settings, const std::string& path,
                            const std::string& custom, std::size_t limit) {
  if (CURLcode code = CurlGlobalInit(); code != CURLE_OK) {
    return Error{ErrorCode::kInternal,
                 "cannot read mail",
                 {},
                 0,
                 std::string("curl_global_init: ") + curl_easy_strerror(code)};
  }
  AFTERCARE_ASSIGN_OR_RETURN(std::string url, Url(settings, path));
  CurlEasy curl(curl_easy_init());
  if (curl == nullptr) {
    return Error{ErrorCode::kInternal, "cannot read mail", {}, 0, "curl_easy_init failed"};
  }
  Sink sink{{}, limit, false};
  CURL* c = curl.get();
  CurlOptions opt(c);
  opt.Exchange(url, "imap,imaps", settings.ca_file, settings.connect_timeout, settings.timeout);
  opt.Set(CURLOPT_USE_SSL, settings.security == ImapSecurity::kNone
                               ? static_cast<long>(CURLUSESSL_NONE)
                               : static_cast<long>(CURLUSESSL_ALL));
  opt.Set(CURLOPT_USERNAME, settings.username.c_str());
  opt.Set(CURLOPT_PASSWORD, settings.password.c_str());
  if (!custom.empty()) opt.Set(CURLOPT_CUSTOMREQUEST, custom.c_str());
  opt.Set(CURLOPT_WRITEFUNCTION, &Write);
  opt.Set(CURLOPT_WRITEDATA, static_cast<void*>(&sink));
  if (opt.code() != CURLE_OK) {
    return Error{ErrorCode::kInternal,
                 "cannot read mail",
                 {},
                 0,
                 std::string("curl_easy_setopt: ") + curl_easy_strerror(opt.code())};
  }
  if (CURLcode code = curl_easy_perform(c); code != CURLE_OK) {
    return Failure(code, opt.error(), sink);
  }
  return std::move(sink.data);
}

// The number after `key` in `text` ("[UIDVALIDITY 3857529045]"), if any.
std::optional<std::uint32_t> NumberAfter(std::string_view text, std::string_view key) {
  std::size_t at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(at + key.size());
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  if (ec != std::errc() || end == rest.data()) return std::nullopt;
  return value;
}

Error Unreadable(std::string what, std::string_view answer) {
  return Transient("the mail server's answer could not be read",
                   std::move(what) + ": \"" + std::string(answer.substr(0, 200)) + "\"");
}

}  // namespace

Result<MailboxState> OpenMailbox(const ImapSettings& settings) {
  if (!ValidMailbox(settings.mailbox)) {
    return Transient("the mail settings are not valid",
                     "IMAP mailbox \"" + settings.mailbox + "\"");
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      std::string answer,
      Perform(settings, "", "EXAMINE \"" + settings.mailbox + "\"", kMaxAnswer));
  MailboxState state;
  std::optional<std::uint32_t> validity = NumberAfter(answer, "[UIDVALIDITY ");
  if (!validity || *validity == 0) return Unreadable("no UIDVALIDITY in EXAMINE", answer);
  state.uid_validity = *validity;
  state.uid_next = NumberAfter(answer, "[UIDNEXT ").value_or(0);
  // "* 12 EXISTS"
  for (std::size_t at = answer.find(" EXISTS"); at != std::string::npos;
       at = answer.find(" EXISTS", at + 1)) {
    std::size_t star = answer.rfind("* ", at);
    if (star == std::string::npos) break;
    if (auto n = NumberAfter(std::string_view(answer).substr(star, at - star), "* ")) {
      state.exists = *n;
    }
    break;
  }
  return state;
}

Result<std::vector<std::uint32_t>> ListUidsFrom(const ImapSettings& settings,
                                                std::uint32_t uid_validity,
                                                std::uint32_t from_uid) {
  from_uid = std::max<std::uint32_t>(from_uid, 1);
  AFTERCARE_ASSIGN_OR_RETURN(
      std::string answer, Perform(settings, PinnedPath(settings, uid_validity),
                                  "UID SEARCH UID " + std::to_string(from_uid) + ":*", kMaxAnswer));
  std::vector<std::uint32_t> uids;
  std::string_view rest = answer;
  while (!rest.empty()) {  // "* SEARCH 4 5 9\r\n", possibly several lines
    std::size_t eol = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(std::min(eol + 1, rest.size()));
    if (!line.starts_with("* SEARCH")) continue;
    line.remove_prefix(8);
    while (!line.empty()) {
      std::size_t start = line.find_first_not_of(" \r");
      if (start == std::string_view::npos) break;
      line.remove_prefix(start);
      std::uint32_t uid = 0;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), uid);
      if (ec != std::errc()) return Unreadable("UID SEARCH", answer);
      line.remove_prefix(static_cast<std::size_t>(end - line.data()));
      // "n:*" always matches the highest UID, even when it is below n.
      if (uid >= from_uid) uids.push_back(uid);
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

Result<std::string> FetchMessage(const ImapSettings& settings, std::uint32_t uid_validity,
                                 std::uint32_t uid) {
  AFTERCARE_ASSIGN_OR_RETURN(
      std::string bytes,
      Perform(settings, PinnedPath(settings, uid_validity) + ";UID=" + std::to_string(uid), "",
              std::min(settings.max_message_bytes, kMaxMailBytes)));
  return bytes;
}

Status MarkSeen(const ImapSettings& settings, std::uint32_t uid_validity, std::uint32_t uid) {
  AFTERCARE_ASSIGN_OR_RETURN(
      std::string ignored,
      Perform(settings, PinnedPath(settings, uid_validity),
              "UID STORE " + std::to_string(uid) + " +FLAGS (\\Seen)", kMaxAnswer));
  (void)ignored;
  return {};
}

}  // namespace aftercare::jobs::mail
