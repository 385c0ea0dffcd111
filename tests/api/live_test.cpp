// Issue 5's server side: the live ticket stream (server-sent events; a new or
// changed ticket reaches open queues within 2 s, Party A only sees their own,
// CON-4) and the web UI served at `/` (SPA fallback, hashed assets, gzip).
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class LiveTest : public ApiTest {
 protected:
  // Opens GET /api/v1/stream with `client`'s session cookie, runs `act` once the
  // stream is open, and returns what the stream sent within `seconds`.
  std::string Watch(HttpClient& client, const std::function<void()>& act, int seconds = 3) {
    std::string cookie;
    for (const auto& [k, v] : client.cookies()) cookie += k + "=" + v + "; ";
    std::string head =
        "GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
        "Cookie: " +
        cookie + "\r\n\r\n";
    auto seen = std::async(std::launch::async,
                           [&] { return RawExchange(server().port(), head, 0, seconds); });
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    act();
    return seen.get();
  }
};

TEST_P(LiveTest, NewAndChangedTicketsReachTheStreamWithinTwoSeconds) {
  std::int64_t customer = CreateCustomer("流客户");
  CreateContract(customer, "LIVE-1");
  json created;
  auto start = std::chrono::steady_clock::now();
  std::string text = Watch(
      As("team_leader"),
      [&] {
        start = std::chrono::steady_clock::now();
        created = CreateTicket({{"customer_id", customer}, {"title", "实时"}});
      },
      2);
  EXPECT_NE(text.find("HTTP/1.1 200"), std::string::npos) << text;
  EXPECT_NE(text.find("text/event-stream"), std::string::npos) << text;
  EXPECT_NE(text.find("retry: 2000"), std::string::npos) << text;
  EXPECT_NE(text.find("event: tickets"), std::string::npos) << text;
  EXPECT_NE(text.find("\"ids\":[" + std::to_string(created["id"].get<std::int64_t>()) + "]"),
            std::string::npos)
      << text;

  // A change to the ticket (an event) is streamed too.
  std::int64_t id = created["id"];
  text = Watch(
      As("team_leader"), [&] { AddEvent(id, "first_contact", NowUnix()); }, 2);
  EXPECT_NE(text.find("\"ids\":[" + std::to_string(id) + "]"), std::string::npos) << text;
}

TEST_P(LiveTest, PartyASeesOnlyTheirOwnTickets) {
  std::int64_t mine = CreateCustomer("甲方一");
  std::int64_t other = CreateCustomer("甲方二");
  CreateContract(mine, "LIVE-A");
  CreateContract(other, "LIVE-B");
  json own, foreign;
  std::string text = Watch(PartyA(mine), [&] {
    foreign = CreateTicket({{"customer_id", other}, {"title", "别人的"}});
    own = CreateTicket({{"customer_id", mine}, {"title", "自己的"}});
  });
  EXPECT_NE(text.find("\"ids\":[" + std::to_string(own["id"].get<std::int64_t>()) + "]"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find(std::to_string(foreign["id"].get<std::int64_t>()) + "]"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("," + std::to_string(foreign["id"].get<std::int64_t>())), std::string::npos)
      << text;
}

TEST_P(LiveTest, TheStreamNeedsALogin) {
  auto anonymous = Anonymous();
  ExpectError(anonymous->Get("/api/v1/stream"), 401, "unauthorized", nullptr);
}

TEST_P(LiveTest, TheWebUiIsServedAtTheRoot) {
  auto client = Anonymous();
  HttpResponse page = client->Get("/");
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_EQ(page.body, kWebIndex);
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.Header("cache-control"), "no-cache");
  EXPECT_NE(page.Header("content-security-policy").find("default-src 'self'"), std::string::npos);

  // The UI's own routes get the page, so a reload on /tickets/5 works.
  HttpResponse route = client->Get("/tickets/5?tab=timeline");
  ASSERT_EQ(route.status, 200) << route.Describe();
  EXPECT_EQ(route.body, kWebIndex);

  HttpResponse asset = client->Get("/assets/app-1a2b3c.js");
  ASSERT_EQ(asset.status, 200) << asset.Describe();
  EXPECT_EQ(asset.body, kWebAsset);
  EXPECT_EQ(asset.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.Header("cache-control"), "public, max-age=31536000, immutable");

  std::string raw = RawExchange(server().port(),
                                "GET /assets/app-1a2b3c.js HTTP/1.1\r\nHost: x\r\n"
                                "Accept-Encoding: gzip, br\r\nConnection: close\r\n\r\n",
                                0, 5);
  EXPECT_NE(raw.find("Content-Encoding: gzip"), std::string::npos) << raw;
  EXPECT_NE(raw.find(kWebAssetGzip), std::string::npos) << raw;

  // A missing asset is a real 404, and the API keeps its JSON errors.
  EXPECT_EQ(client->Get("/assets/app-old.js").status, 404);
  ExpectError(client->Get("/api/v1/no-such-thing"), 404, "not_found", nullptr);
}

AFTERCARE_API_BACKENDS(LiveTest);

}  // namespace
}  // namespace aftercare::apitest
