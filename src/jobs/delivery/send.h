// Sends one delivery over its channel (issue 12 points 4 and 7): renders the
// notice (notices/notice_text.h), then an e-mail through the SMTP sender or a post
// through a robot. Blocking network I/O, bounded by the senders' timeouts, on a
// job's thread and outside any transaction. The outcome says whether it arrived,
// whether a failure is permanent (sending again cannot mend it), the remote answer
// and what was sent.
#pragma once

#include <nlohmann/json.hpp>

#include "jobs/notices/notice_text.h"
#include "service/deliveries/deliveries.h"

namespace aftercare::jobs {

// `channel` with its secrets opened (service::LoadChannelForSending).
service::AttemptOutcome SendDelivery(const service::ChannelForSending& channel,
                                     const service::Delivery& delivery, Instant now);
// The robot half (send_robot.cpp), `text` rendered.
service::AttemptOutcome SendRobotDelivery(const service::ChannelForSending& channel,
                                          const service::Delivery& delivery,
                                          const NoticeText& text, Instant now);

}  // namespace aftercare::jobs
