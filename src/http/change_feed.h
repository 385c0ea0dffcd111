// Which tickets changed, for the live views (issue 5: a new or changed ticket shows
// in open queues within 2 seconds). Every change to a ticket records a timeline
// entry, so a poller thread reads the entries recorded since it last looked (every
// 500 ms, by primary key: the cost is the new entries only), from the database, so
// that changes made by other server processes on the same database show too, into
// a ring of recent changes; each event stream reads the ring from its own cursor.
// Tenant filtering happens here: a Party A stream sees only its customer's tickets
// (CON-4). New notifications (the bell, issue 12) are read the same way: each
// user's count of them is their version, which a stream compares with the last it
// sent.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "store/db.h"

namespace aftercare::http {

class ChangeFeed {
 public:
  explicit ChangeFeed(store::Database& db);
  ~ChangeFeed();  // stops and joins the poller
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // The cursor of the newest change: a new stream starts here.
  std::uint64_t Head() const;

  struct Batch {
    std::vector<std::int64_t> ids;  // changed tickets the reader may see, each once
    bool reset = false;             // the cursor fell out of the ring: refetch everything
  };
  // Changes after `cursor` (advanced to the newest change read). `customer`: only
  // that customer's tickets; nullopt: all.
  Batch Since(std::uint64_t& cursor, std::optional<std::int64_t> customer) const;

  // How many notifications `user_id` got since the feed started: it changes when
  // they get one.
  std::uint64_t NotificationVersion(std::int64_t user_id) const;

 private:
  struct Entry {
    std::uint64_t seq;
    std::int64_t ticket_id, customer_id;
  };
  void Poll();
  void PollNotifications();
  void Run();

  store::Database& db_;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::deque<Entry> ring_;
  std::uint64_t head_ = 0;
  // Entries are read again from kLookBack ids back, because on PostgreSQL a
  // transaction may commit after one with a later id; ids already published are
  // skipped.
  std::int64_t last_event_ = -1;  // -1: not started (begins at the newest entry)
  std::int64_t floor_ = 0;        // the newest entry when it started
  std::set<std::int64_t> seen_;
  // The same for notifications; the versions are guarded by mu_.
  std::int64_t last_notification_ = -1, notification_floor_ = 0;
  std::set<std::int64_t> seen_notifications_;
  std::map<std::int64_t, std::uint64_t> notification_versions_;
  std::thread thread_;
};

}  // namespace aftercare::http
