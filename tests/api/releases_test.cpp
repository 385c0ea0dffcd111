// OPS-4: releases and installations through the API on both databases: a draft
// with its file, bad input refused and changing nothing, publishing by the
// roles that may and telling only the affected customers, Party A downloading
// its own release's file and reaching no other customer's, installations
// (scheduled on the calendar, recorded, cancelled) moving a system's version,
// and the behind view following them. One server per backend.
#include "api_fixture.h"

namespace aftercare::apitest {
namespace {

class ReleasesApi : public ApiTest {
 protected:
  static std::string R(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/releases/" + std::to_string(id) + rest;
  }
  std::vector<json> Inbox(HttpClient& client, const std::string& kind) {
    std::vector<json> out;
    const json inbox = Expect(client.Get("/api/v1/notifications"), 200).Json();
    for (const json& n : inbox["items"]) {
      if (n["kind"] == kind) out.push_back(n);
    }
    return out;
  }
  // The behind view's row of `system` as `client` sees it (null: not listed).
  json VersionOf(HttpClient& client, std::int64_t system, const std::string& query = "") {
    const json page = Expect(client.Get("/api/v1/releases/versions" + query), 200).Json();
    for (const json& v : page["items"]) {
      if (v["system_id"] == system) return v;
    }
    return nullptr;
  }
  json CalendarEntry(std::int64_t installation) {
    const json window =
        Expect(As("manager").Get("/api/v1/calendar?source=installation"), 200).Json();
    for (const json& e : window["items"]) {
      if (e["source_id"] == installation) return e;
    }
    return nullptr;
  }
  HttpResponse Upload(HttpClient& client, std::int64_t release, const std::string& name,
                      const std::string& bytes) {
    return client.PostRaw(R(release, "/files?name=" + UrlEncode(name)), bytes, "application/zip");
  }
  json Schedule(std::int64_t release, std::int64_t system, int status = 201) {
    const std::int64_t start = NowUnix() + 86400;
    return Expect(As("engineer")
                      .Post(R(release, "/installations"), {{"system_id", system},
                                                           {"engineer_id", UserId("engineer")},
                                                           {"starts_at", Rfc3339(start)},
                                                           {"ends_at", Rfc3339(start + 4 * 3600)}}),
                  status)
        .Json();
  }

  // Customers a and b run HIS, c runs OA only; a also runs LIS.
  void Given() {
    a = CreateCustomer("湖滨医院");
    b = CreateCustomer("江北医院");
    c = CreateCustomer("城西教育局");
    sa = CreateSystem(a, "HIS");
    sb = CreateSystem(b, "HIS");
    sc = CreateSystem(c, "OA");
    CreateSystem(a, "LIS");
    for (std::int64_t customer : {a, b, c}) PartyA(customer);
    for (const char* role : {"agent", "engineer", "team_leader", "manager"}) As(role);
  }

  // Bad input and wrong roles change nothing; then the draft `release` with a file.
  void Draft() {
    json body = {{"product", "HIS"},
                 {"kind", "patch"},
                 {"version", "V3.2"},
                 {"title", "挂号高峰超时修复"},
                 {"notes", "修复挂号接口在高峰时段的超时。"}};
    auto with = [&](json patch) {
      json out = body;
      out.merge_patch(patch);
      return out;
    };
    const std::string before = Snapshot();
    HttpClient& eng = As("engineer");
    for (const char* bad : {"3.x", "", "3..2", "1.2.3.4.5", "V", "1234567890"}) {
      ExpectError(eng.Post("/api/v1/releases", with({{"version", bad}})), 422, "invalid_input",
                  "version");
    }
    ExpectError(eng.Post("/api/v1/releases", with({{"kind", "hotfix"}})), 422, "invalid_input",
                "kind");
    ExpectError(eng.Post("/api/v1/releases", with({{"product", "无此产品"}})), 422, "invalid_input",
                "product");
    ExpectError(eng.Post("/api/v1/releases", with({{"system_ids", json::array({sa, sc})}})), 422,
                "invalid_input", "system_ids");
    ExpectError(eng.Post("/api/v1/releases", with({{"title", "  "}})), 422, "invalid_input",
                "title");
    ExpectError(As("agent").Post("/api/v1/releases", body), 403, "forbidden");
    ExpectError(PartyA(a).Post("/api/v1/releases", body), 403, "forbidden");
    EXPECT_EQ(Snapshot(), before);

    const json r = Expect(eng.Post("/api/v1/releases", body), 201).Json();
    release = r["id"];
    EXPECT_EQ(r["state"], "draft");
    ASSERT_EQ(r["systems"].size(), 2u);  // every customer's HIS by default
    EXPECT_EQ(r["systems"][0]["system_id"], sa);
    EXPECT_EQ(r["systems"][1]["system_id"], sb);
    // 3.2.0 is 3.2: one release per version of a product.
    ExpectError(eng.Post("/api/v1/releases", with({{"version", "3.2.0"}})), 409, "conflict",
                "version");

    file_bytes = std::string("PK\x03\x04 patch ") + std::string(1000, 'x');
    const json f = Expect(Upload(eng, release, "HIS-V3.2-补丁.zip", file_bytes), 201).Json();
    file = f["id"];
    EXPECT_EQ(f["size"], static_cast<std::int64_t>(file_bytes.size()));
    const std::string before_files = Snapshot();
    ExpectError(Upload(eng, release, "big.zip", std::string(20 * 1024 * 1024 + 1, 'x')), 422,
                "invalid_input", "body");
    ExpectError(Upload(eng, release, "empty.zip", ""), 422, "invalid_input", "body");
    ExpectError(Upload(eng, release, "a/b.zip", "x"), 422, "invalid_input", "name");
    ExpectError(Upload(PartyA(a), release, "x.zip", "x"), 403, "forbidden");
    EXPECT_EQ(Snapshot(), before_files);

    // A draft is the vendor's: Party A neither lists nor reaches it.
    ExpectError(PartyA(a).Get(R(release)), 404, "not_found");
    EXPECT_TRUE(Expect(PartyA(a).Get("/api/v1/releases"), 200).Json()["items"].empty());
    ExpectError(PartyA(a).Get("/api/v1/releases/files/" + std::to_string(file)), 404, "not_found");
  }

  // Engineers may not publish; a team leader does, and only a and b are told.
  void Publish() {
    ExpectError(As("engineer").Post(R(release, "/publish"), json::object()), 403, "forbidden");
    EXPECT_TRUE(Inbox(PartyA(a), "release_published").empty());
    const json r =
        Expect(As("team_leader").Post(R(release, "/publish"), json::object()), 200).Json();
    EXPECT_EQ(r["state"], "published");
    for (std::int64_t customer : {a, b}) {
      auto notes = Inbox(PartyA(customer), "release_published");
      ASSERT_EQ(notes.size(), 1u) << customer;
      EXPECT_EQ(notes[0]["data"]["version"], "V3.2");
      EXPECT_EQ(notes[0]["data"]["systems"], "HIS");
    }
    EXPECT_TRUE(Inbox(PartyA(c), "release_published").empty());
    // A published release no longer changes.
    ExpectError(As("engineer").Send("PATCH", R(release), json{{"title", "新标题"}}.dump()), 409,
                "conflict", "state");
    ExpectError(Upload(As("engineer"), release, "late.zip", "x"), 409, "conflict", "state");
    ExpectError(As("manager").Post(R(release, "/publish"), json::object()), 409, "conflict",
                "state");
  }

  // Party A downloads its file; another customer reaches neither release nor file.
  void Download() {
    const std::string url = "/api/v1/releases/files/" + std::to_string(file);
    const HttpResponse got = Expect(PartyA(a).Get(url), 200);
    EXPECT_EQ(got.body, file_bytes);
    const json mine = Expect(PartyA(a).Get(R(release)), 200).Json();
    ASSERT_EQ(mine["systems"].size(), 1u);  // only its own system
    EXPECT_EQ(mine["systems"][0]["system_id"], sa);
    EXPECT_EQ(Expect(PartyA(a).Get("/api/v1/releases"), 200).Json()["items"].size(), 1u);
    ExpectError(PartyA(c).Get(R(release)), 404, "not_found");
    ExpectError(PartyA(c).Get(url), 404, "not_found");
    EXPECT_TRUE(Expect(PartyA(c).Get("/api/v1/releases"), 200).Json()["items"].empty());
    // A vendor downloads for a customer the release is for, and only such.
    Expect(As("engineer").Get(url + "?for_customer_id=" + std::to_string(b)), 200);
    ExpectError(As("engineer").Get(url + "?for_customer_id=" + std::to_string(c)), 422,
                "invalid_input", "for_customer_id");
    // The vendor's download for b is in b's access log (CON-4).
    const json log =
        Expect(PartyA(b).Get("/api/v1/customers/" + std::to_string(b) + "/access-log"), 200).Json();
    bool found = false;
    for (const json& e : log["items"]) found = found || e["entity"] == "release_file";
    EXPECT_TRUE(found) << log.dump();
  }

  // Scheduling, recording and cancelling move the versions and the behind view.
  void Install() {
    EXPECT_EQ(VersionOf(As("manager"), sa)["behind"], 1);  // nothing recorded yet
    EXPECT_TRUE(VersionOf(As("manager"), sc).is_null());   // OA has no release
    const json planned = Schedule(release, sa);
    EXPECT_EQ(planned["state"], "scheduled");
    EXPECT_EQ(CalendarEntry(planned["id"])["state"], "planned");
    const std::string one = "/api/v1/releases/installations/" +
                            std::to_string(planned["id"].get<std::int64_t>());
    EXPECT_EQ(Expect(PartyA(a).Get(one), 200).Json()["system_id"], sa);
    ExpectError(PartyA(b).Get(one), 404, "not_found");
    EXPECT_EQ(VersionOf(As("manager"), sa)["scheduled"], true);
    Schedule(release, sa, 409);  // one at a time
    const std::int64_t start = NowUnix() + 86400;
    json bad = {{"system_id", sb},
                {"engineer_id", UserId("engineer")},
                {"starts_at", Rfc3339(start)},
                {"ends_at", Rfc3339(start - 60)}};
    const std::string before = Snapshot();
    ExpectError(As("engineer").Post(R(release, "/installations"), bad), 422, "invalid_input",
                "ends_at");
    bad["ends_at"] = Rfc3339(start + 3600);
    bad["engineer_id"] = UserId("agent");
    ExpectError(As("engineer").Post(R(release, "/installations"), bad), 422, "invalid_input",
                "engineer_id");
    bad["engineer_id"] = UserId("engineer");
    bad["system_id"] = sc;
    ExpectError(As("engineer").Post(R(release, "/installations"), bad), 422, "invalid_input",
                "system_id");
    ExpectError(As("agent").Post(R(release, "/installations"), bad), 403, "forbidden");
    // Party A records only its own installation of its own system.
    const json self = {{"system_id", sb}, {"method", "self"}};
    ExpectError(PartyA(a).Post(R(release, "/installed"), self), 404, "not_found");
    ExpectError(PartyA(b).Post(R(release, "/installed"), {{"system_id", sb}, {"method", "onsite"}}),
                422, "invalid_input", "method");
    ExpectError(As("engineer")
                    .Post(R(release, "/installed"), {{"system_id", sb},
                                                     {"method", "remote"},
                                                     {"installed_at", Rfc3339(NowUnix() + 3600)}}),
                422, "invalid_input", "installed_at");
    EXPECT_EQ(Snapshot(), before);

    Expect(PartyA(b).Post(R(release, "/installed"), self), 201);
    ExpectError(PartyA(b).Post(R(release, "/installed"), self), 409, "conflict", "system_id");
    const json vb = VersionOf(PartyA(b), sb);
    EXPECT_EQ(vb["current_version"], "V3.2");
    EXPECT_EQ(vb["behind"], 0);
    EXPECT_TRUE(VersionOf(PartyA(b), sa).is_null());  // not its system
    // The engineer's record completes the scheduled installation.
    const json done =
        Expect(As("engineer")
                   .Post(R(release, "/installed"), {{"system_id", sa}, {"method", "onsite"}}),
               201)
            .Json();
    EXPECT_EQ(done["id"], planned["id"]);
    EXPECT_EQ(done["state"], "installed");
    EXPECT_EQ(CalendarEntry(planned["id"])["state"], "done");
    EXPECT_EQ(VersionOf(As("manager"), sa)["behind"], 0);
  }

  // Newer releases: 3.10 is newer than 3.9; the behind view counts both.
  void Newer() {
    HttpClient& m = As("manager");
    json body = {{"product", "HIS"}, {"kind", "upgrade"}, {"version", "3.10"}, {"title", "3.10"}};
    const std::int64_t r310 = Expect(m.Post("/api/v1/releases", body), 201).Json()["id"];
    body["version"] = "3.9";
    body["title"] = "3.9";
    body["system_ids"] = json::array({sa});
    const std::int64_t r39 = Expect(m.Post("/api/v1/releases", body), 201).Json()["id"];
    EXPECT_EQ(VersionOf(m, sa)["behind"], 0);  // drafts do not count
    Expect(m.Post(R(r310, "/publish"), json::object()), 200);
    Expect(m.Post(R(r39, "/publish"), json::object()), 200);
    json va = VersionOf(m, sa);
    EXPECT_EQ(va["latest_version"], "3.10");
    EXPECT_EQ(va["behind"], 2);
    EXPECT_EQ(VersionOf(m, sb)["behind"], 1);
    // Only the systems behind, filtered by customer.
    const json behind_b =
        Expect(m.Get("/api/v1/releases/versions?behind=1&customer_id=" + std::to_string(b)), 200)
            .Json();
    ASSERT_EQ(behind_b["items"].size(), 1u);
    EXPECT_EQ(behind_b["items"][0]["system_id"], sb);
    // Only 3.9 went to a: b was told of 3.10 only.
    EXPECT_EQ(Inbox(PartyA(b), "release_published").size(), 2u);
    EXPECT_EQ(Inbox(PartyA(a), "release_published").size(), 3u);

    // Scheduled then cancelled: the calendar entry goes, the version stays.
    const json planned = Schedule(r310, sa);
    const std::string cancel = "/api/v1/releases/installations/" +
                               std::to_string(planned["id"].get<std::int64_t>()) + "/cancel";
    const json cancelled =
        Expect(As("engineer").Post(cancel, {{"note", "客户要求改期"}}), 200).Json();
    EXPECT_EQ(cancelled["state"], "cancelled");
    EXPECT_TRUE(CalendarEntry(planned["id"]).is_null());
    ExpectError(As("engineer").Post(cancel, json::object()), 409, "conflict", "state");
    // 3.10 on sa: it is up to date though 3.9 came later; 3.9 cannot be scheduled.
    Expect(As("engineer").Post(R(r310, "/installed"), {{"system_id", sa}, {"method", "remote"}}),
           201);
    va = VersionOf(m, sa);
    EXPECT_EQ(va["current_version"], "3.10");
    EXPECT_EQ(va["behind"], 0);
    ExpectError(As("engineer")
                    .Post(R(r39, "/installations"), {{"system_id", sa},
                                                     {"engineer_id", UserId("engineer")},
                                                     {"starts_at", Rfc3339(NowUnix() + 86400)},
                                                     {"ends_at", Rfc3339(NowUnix() + 90000)}}),
                409, "conflict", "system_id");
    // The system's history, newest first.
    const json history =
        Expect(m.Get("/api/v1/releases/systems/" + std::to_string(sa) + "/installations"), 200)
            .Json();
    ASSERT_EQ(history["items"].size(), 3u);
    EXPECT_EQ(history["items"][0]["version"], "3.10");
    EXPECT_EQ(history["items"][0]["state"], "installed");
    EXPECT_EQ(history["items"][1]["state"], "cancelled");
    ExpectError(PartyA(b).Get("/api/v1/releases/systems/" + std::to_string(sa) + "/installations"),
                404, "not_found");
  }

  void UnknownIds() {
    ExpectError(As("manager").Get(R(999999)), 404, "not_found");
    ExpectError(As("manager").Get("/api/v1/releases/files/999999"), 404, "not_found");
    ExpectError(As("manager").Post(R(999999, "/publish"), json::object()), 404, "not_found");
    ExpectError(
        As("engineer").Post(R(999999, "/installed"), {{"system_id", sa}, {"method", "onsite"}}),
        404, "not_found");
    ExpectError(As("engineer").Post("/api/v1/releases/installations/999999/cancel", json::object()),
                404, "not_found");
    ExpectError(As("manager").Get("/api/v1/releases?kind=hotfix"), 422, "invalid_input", "kind");
    ExpectError(As("manager").Get("/api/v1/releases/versions?limit=0"), 422, "invalid_input",
                "limit");
  }

  std::int64_t a = 0, b = 0, c = 0, sa = 0, sb = 0, sc = 0, release = 0, file = 0;
  std::string file_bytes;
};

TEST_P(ReleasesApi, PublishDownloadInstallAndWhoIsBehind) {
  Given();
  Draft();
  Publish();
  Download();
  Install();
  Newer();
  UnknownIds();
}

AFTERCARE_API_BACKENDS(ReleasesApi);

}  // namespace
}  // namespace aftercare::apitest
