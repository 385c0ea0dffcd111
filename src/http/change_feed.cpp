#include "http/change_feed.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "service/notifications/notifications.h"
#include "service/tickets/tickets.h"

namespace aftercare::http {
namespace {

constexpr std::size_t kRingSize = 4096;
constexpr std::int64_t kLookBack = 256;
constexpr int kPollLimit = 20000;
constexpr auto kPollInterval = std::chrono::milliseconds(500);

}  // namespace

ChangeFeed::ChangeFeed(store::Database& db) : db_(db) {
  thread_ = std::thread([this] { Run(); });
}

ChangeFeed::~ChangeFeed() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

std::uint64_t ChangeFeed::Head() const {
  std::lock_guard lock(mu_);
  return head_;
}

ChangeFeed::Batch ChangeFeed::Since(std::uint64_t& cursor,
                                    std::optional<std::int64_t> customer) const {
  Batch batch;
  std::lock_guard lock(mu_);
  if (cursor >= head_) return batch;
  if (ring_.empty() || ring_.front().seq > cursor + 1) batch.reset = true;
  for (const Entry& e : ring_) {
    if (e.seq <= cursor) continue;
    if (customer && e.customer_id != *customer) continue;
    if (std::find(batch.ids.begin(), batch.ids.end(), e.ticket_id) == batch.ids.end()) {
      batch.ids.push_back(e.ticket_id);
    }
  }
  cursor = head_;
  return batch;
}

std::uint64_t ChangeFeed::NotificationVersion(std::int64_t user_id) const {
  std::lock_guard lock(mu_);
  auto it = notification_versions_.find(user_id);
  return it == notification_versions_.end() ? 0 : it->second;
}

void ChangeFeed::PollNotifications() {
  if (last_notification_ < 0) {
    auto newest = service::LatestNotification(db_);
    if (!newest.ok()) return;
    last_notification_ = notification_floor_ = *newest;
    return;
  }
  auto changes = service::ListNotificationChanges(
      db_, std::max<std::int64_t>(0, last_notification_ - kLookBack), kPollLimit);
  if (!changes.ok()) {
    std::fprintf(stderr, "aftercare: change feed: %s\n", changes.error().message.c_str());
    return;
  }
  std::lock_guard lock(mu_);
  for (const auto& c : *changes) {
    if (c.id <= notification_floor_ || !seen_notifications_.insert(c.id).second) continue;
    ++notification_versions_[c.user_id];
    last_notification_ = std::max(last_notification_, c.id);
  }
  std::erase_if(seen_notifications_,
                [&](std::int64_t id) { return id <= last_notification_ - kLookBack; });
}

// last_event_, floor_ and seen_ belong to the poller thread; mu_ guards the ring.
void ChangeFeed::Poll() {
  if (last_event_ < 0) {
    // Start at the newest entry: the streams want what happens from now on.
    auto newest = service::LatestTicketChange(db_);
    if (!newest.ok()) return;
    last_event_ = floor_ = *newest;
    return;
  }
  auto changes = service::ListTicketChanges(db_, std::max<std::int64_t>(0, last_event_ - kLookBack),
                                            kPollLimit);
  if (!changes.ok()) {
    std::fprintf(stderr, "aftercare: change feed: %s\n", changes.error().message.c_str());
    return;
  }
  std::lock_guard lock(mu_);
  if (changes->size() == static_cast<std::size_t>(kPollLimit)) {
    // More changes than a poll reads: every reader refetches instead.
    ring_.clear();
    ++head_;
    seen_.clear();
    last_event_ = changes->back().event_id;
    return;
  }
  for (const auto& c : *changes) {
    if (c.event_id <= floor_ || !seen_.insert(c.event_id).second) continue;
    ring_.push_back({++head_, c.id, c.customer_id});
    if (ring_.size() > kRingSize) ring_.pop_front();
    last_event_ = std::max(last_event_, c.event_id);
  }
  std::erase_if(seen_, [&](std::int64_t id) { return id <= last_event_ - kLookBack; });
}

void ChangeFeed::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    Poll();
    PollNotifications();
    lock.lock();
    stop_cv_.wait_for(lock, kPollInterval, [this] { return stop_; });
  }
}

}  // namespace aftercare::http
