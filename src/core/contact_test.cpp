// TKT-1, TKT-2: phone, fax and postcode fields take what Chinese users write and
// refuse what is plainly not a number, naming the field.
#include "core/contact.h"

#include <gtest/gtest.h>

namespace aftercare {
namespace {

TEST(Contact, AcceptsTheWaysPhoneNumbersAreWritten) {
  for (const char* ok : {"0571-88001234", "057188001234", "(010)62345678", "(010) 6234 5678",
                         "13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000",
                         "+86-571-88001234", "400-800-1234", "95598", "110",
                         "0571-88001234转8021", "0571-88001234 ext 8021", "0571-88001234x21",
                         "0571-88001234-"}) {
    EXPECT_TRUE(IsPhoneNumber(ok)) << ok;
  }
}

TEST(Contact, RefusesWhatIsNotAPhoneNumber) {
  for (const char* bad : {"张三", "abc", "12", "138 0013 800a", "13800138000+", "((010)62345678",
                          "(010))62345678", "0571-88001234转", "0571-88001234转1234567",
                          "123456789012345678901", "138;0013", "+", " "}) {
    EXPECT_FALSE(IsPhoneNumber(bad)) << bad;
  }
}

TEST(Contact, CheckNamesTheFieldAndAllowsEmpty) {
  EXPECT_TRUE(CheckPhone("", "caller_phone").ok());
  auto bad = CheckPhone("王工", "caller_phone");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.error().field, "caller_phone");
  EXPECT_EQ(bad.error().message.rfind("caller_phone must be a phone number", 0), 0u);
}

TEST(Contact, PostcodesAreSixDigits) {
  EXPECT_TRUE(CheckPostcode("100080", "form.postcode").ok());
  EXPECT_TRUE(CheckPostcode("", "form.postcode").ok());
  for (const char* bad : {"10008", "1000800", "10008a", "１０００８０", "100 080"}) {
    auto r = CheckPostcode(bad, "form.postcode");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "form.postcode");
  }
}

}  // namespace
}  // namespace aftercare
