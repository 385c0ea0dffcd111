// The text of a notice sent outside the app (issue 12 points 4 and 6): a mail's
// subject, text and HTML parts, a robot's plain text or markdown. Chinese, as the
// product's users read it first; names (metrics, statuses) by the UI's terms.
// Rendered from the delivery's kind and data (what Announce stored), so a
// delivery sent again says the same; the delivery keeps what was sent as evidence.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace aftercare::jobs {

struct NoticeText {
  std::string subject;   // one line
  std::string text;      // plain text, lines
  std::string markdown;  // for robots that take markdown
  std::string html;      // the mail's HTML part
};

// `kind`: a notification kind's name or "channel_test". Unknown kinds and data
// fields render as a generic notice, never fail.
NoticeText RenderNotice(std::string_view kind, const nlohmann::json& data);

}  // namespace aftercare::jobs
