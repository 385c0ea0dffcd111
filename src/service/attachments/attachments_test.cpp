// The attachments area's rules in process (issue 11 point 6): what an attachment
// may be called, typed and weigh (TKT-5), content stored once, Party A reaching
// only its own customer's files, and every vendor read audited (CON-4).
#include "service/attachments/attachments.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "service/testing/service_test_fixture.h"

namespace aftercare::service {
namespace {

// A ticket of customer A and one of customer B; blobs under the test's folder.
class AttachmentServiceRules : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    blobs_ = (dir_ / "attachments").string();
    auto a = AddTicket(As(Role::kAgent), customer_a_, now_ - 600);
    auto b = AddTicket(As(Role::kAgent), customer_b_, now_ - 600);
    ASSERT_TRUE(a.ok() && b.ok());
    ticket_a_ = a->id;
    ticket_b_ = b->id;
  }

  Result<Attachment> Add(const Context& by, std::int64_t ticket, const std::string& name,
                         const std::string& type, const std::string& bytes) {
    return AddAttachment(*db_, by, blobs_, ticket, name, type, bytes);
  }
  std::size_t BlobCount() const {
    std::size_t n = 0;
    if (!std::filesystem::exists(blobs_)) return 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(blobs_)) {
      n += e.is_regular_file() ? 1 : 0;
    }
    return n;
  }

  std::string blobs_;
  std::int64_t ticket_a_ = 0, ticket_b_ = 0;
};

// TKT-5: a file name of 1-200 bytes without a path or control characters, a media
// type when one is given, 1 byte to 20 MB. Nothing is stored for a refused file.
TEST_F(AttachmentServiceRules, NameTypeAndSizeRules) {
  struct Case {
    const char* why;
    std::string name, type, bytes;
    const char* outcome;
  };
  const std::string photo = "\x89PNG\r\n\x1a\n";
  const Case cases[] = {
      {"no name", "", "image/png", photo, "invalid_input name"},
      {"201 bytes", std::string(201, 'a'), "image/png", photo, "invalid_input name"},
      {"a path", "logs/app.log", "text/plain", "x", "invalid_input name"},
      {"a Windows path", "C:\\logs\\app.log", "text/plain", "x", "invalid_input name"},
      {"a newline", "a\nb.txt", "text/plain", "x", "invalid_input name"},
      {"DEL", "a\x7f.txt", "text/plain", "x", "invalid_input name"},
      {"no subtype", "a.png", "image", photo, "invalid_input Content-Type"},
      {"no type", "a.png", "/png", photo, "invalid_input Content-Type"},
      {"a space in the type", "a.png", "image/p ng", photo, "invalid_input Content-Type"},
      {"non-ASCII type", "a.png", "image/图片", photo, "invalid_input Content-Type"},
      {"128 characters", "a.png", "image/" + std::string(122, 'p'), photo,
       "invalid_input Content-Type"},
      {"empty", "a.png", "image/png", "", "invalid_input body"},
      {"20 MB and a byte", "a.bin", "", std::string(kMaxAttachmentBytes + 1, 'x'),
       "invalid_input body"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(Outcome(Add(As(Role::kEngineer), ticket_a_, c.name, c.type, c.bytes)), c.outcome);
  }
  EXPECT_EQ(BlobCount(), 0u);
  auto none = ListAttachments(*db_, As(Role::kEngineer), ticket_a_);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  EXPECT_EQ(Outcome(Add(As(Role::kEngineer), ticket_a_, std::string(200, 'a'),
                        "image/png; name=\"现场.png\"", photo)),
            "invalid_input Content-Type");
  EXPECT_EQ(Outcome(Add(As(Role::kEngineer), ticket_a_, std::string(200, 'a'),
                        "image/png; charset=binary", photo)),
            "ok");
  EXPECT_EQ(Outcome(Add(As(Role::kEngineer), ticket_a_, "现场照片.png", "", photo)), "ok");
}

// An attachment without a type is kept as application/octet-stream; the same
// content is stored once however often it is attached.
TEST_F(AttachmentServiceRules, ContentIsStoredOnce) {
  auto first = Add(As(Role::kEngineer), ticket_a_, "app.log", "", "ERROR 42\n");
  auto second = Add(As(Role::kAgent), ticket_b_, "copy.log", "text/plain", "ERROR 42\n");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->content_type, "application/octet-stream");
  EXPECT_EQ(first->size, 9);
  EXPECT_EQ(first->sha256, second->sha256);
  EXPECT_EQ(first->sha256.size(), 64u);
  EXPECT_NE(first->id, second->id);
  EXPECT_EQ(BlobCount(), 1u);
  auto audit = AuditOf("attachment", std::to_string(first->id), "create");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "create");
  EXPECT_EQ(audit[0].after["sha256"], first->sha256);
}

// CON-4: Party A adds, lists and downloads its own customer's attachments; another
// customer's ticket or attachment answers exactly like a missing one.
TEST_F(AttachmentServiceRules, PartyAReachesItsOwnAttachmentsOnly) {
  auto theirs = Add(As(Role::kEngineer), ticket_b_, "b.txt", "text/plain", "B");
  ASSERT_TRUE(theirs.ok());
  const Context& party_a = As(Role::kPartyA);
  auto mine = Add(party_a, ticket_a_, "a.txt", "text/plain", "A");
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  auto listed = ListAttachments(*db_, party_a, ticket_a_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "a.txt");
  auto got = DownloadAttachment(*db_, party_a, blobs_, mine->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->second, "A");

  EXPECT_EQ(Outcome(Add(party_a, ticket_b_, "x.txt", "text/plain", "x")), "not_found");
  EXPECT_EQ(Outcome(Add(party_a, 999, "x.txt", "text/plain", "x")), "not_found");
  EXPECT_EQ(Outcome(ListAttachments(*db_, party_a, ticket_b_)), "not_found");
  auto foreign = DownloadAttachment(*db_, party_a, blobs_, theirs->id);
  auto missing = DownloadAttachment(*db_, party_a, blobs_, 999);
  EXPECT_EQ(Outcome(foreign), "not_found");
  EXPECT_EQ(Outcome(missing), "not_found");
  EXPECT_EQ(foreign.error().message, missing.error().message);
  EXPECT_EQ(Outcome(ListAttachments(*db_, Anonymous(), ticket_a_)), "unauthorized");
  EXPECT_EQ(Outcome(Add(Anonymous(), ticket_a_, "x.txt", "text/plain", "x")), "unauthorized");
}

// CON-4: a vendor's list of a customer's files is audited with what it returned,
// Party A's is not; every download is.
TEST_F(AttachmentServiceRules, VendorListsAndEveryDownloadAreAudited) {
  auto a = Add(As(Role::kEngineer), ticket_a_, "a.txt", "text/plain", "A");
  ASSERT_TRUE(a.ok());
  const std::string ticket = std::to_string(ticket_a_);
  // A list's entry names the ticket (its entity_id is the ticket's id).
  ASSERT_TRUE(ListAttachments(*db_, As(Role::kPartyA), ticket_a_).ok());
  EXPECT_TRUE(AuditOf("attachment", ticket, "list").empty());
  ASSERT_TRUE(ListAttachments(*db_, As(Role::kAgent), ticket_a_).ok());
  auto listed = AuditOf("attachment", ticket, "list");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].action, "list");
  EXPECT_EQ(listed[0].actor_id, UserId(Role::kAgent));
  EXPECT_EQ(listed[0].after["returned"], 1);
  EXPECT_EQ(listed[0].after["filter"]["ticket_id"], ticket_a_);

  ASSERT_TRUE(DownloadAttachment(*db_, As(Role::kManager), blobs_, a->id).ok());
  ASSERT_TRUE(DownloadAttachment(*db_, As(Role::kPartyA), blobs_, a->id).ok());
  auto downloads = AuditOf("attachment", std::to_string(a->id), "download");
  ASSERT_EQ(downloads.size(), 2u);
  EXPECT_EQ(downloads[0].action, "download");
  EXPECT_EQ(downloads[0].actor_id, UserId(Role::kPartyA));
  EXPECT_EQ(downloads[1].action, "download");
  EXPECT_EQ(downloads[1].actor_id, UserId(Role::kManager));
}

// Content missing from the data folder is an I/O error, never other bytes; a
// failed download is not audited as one.
TEST_F(AttachmentServiceRules, MissingContentIsAnIoError) {
  auto a = Add(As(Role::kEngineer), ticket_a_, "a.txt", "text/plain", "hello");
  ASSERT_TRUE(a.ok());
  std::filesystem::remove_all(blobs_);
  EXPECT_EQ(Outcome(DownloadAttachment(*db_, As(Role::kEngineer), blobs_, a->id)), "io");
  EXPECT_TRUE(AuditOf("attachment", std::to_string(a->id), "download").empty());
}

// Issue 10: only passive types are served as themselves; anything a browser would
// run is not. Media types are compared by their essence, in any case.
TEST(AttachmentMediaTypes, OnlyPassiveTypesAreServedAsThemselves) {
  struct Case {
    const char* type;
    bool media_type, passive;
  };
  const Case cases[] = {
      {"image/png", true, true},
      {"IMAGE/PNG; charset=binary", true, true},
      {"application/pdf", true, true},
      {"text/plain; charset=utf-8", true, true},
      {"text/html", true, false},
      {"image/svg+xml", true, false},
      {"application/xhtml+xml", true, false},
      {"application/javascript", true, false},
      {"text/xml", true, false},
      {"image/png, text/html", false, false},
      {"", false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type);
    EXPECT_EQ(IsMediaType(c.type), c.media_type);
    EXPECT_EQ(IsPassiveMediaType(c.type), c.passive);
  }
}

}  // namespace
}  // namespace aftercare::service
