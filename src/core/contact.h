// Contact details typed by people: phone and fax numbers, postcodes. The checks
// accept what Chinese users write (0571-88001234, (010)62345678, 138 0013 8000,
// +86 138 0013 8000, 400-800-1234, 0571-88001234转8021, 95598) and refuse what is
// plainly not a number (a name typed in the wrong box, letters, a 2-digit stub),
// so that a caller can be called back and a ticket found by its phone (TKT-1,
// TKT-2, TKT-6). An empty value is allowed: every such field is optional.
//
// Errors: kInvalidInput naming `field`, with the message "<field> must be a phone
// number ..." or "<field> must be a postcode of 6 digits".
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace aftercare {

// Digits with spaces, '-', '(' ')', a leading '+', and an extension after 转,
// "ext" or "x"; 3 to 20 digits before the extension.
bool IsPhoneNumber(std::string_view text);
Status CheckPhone(std::string_view text, const std::string& field);

// An e-mail address as mail carries it (envelope and headers): one '@' with text
// on both sides, printable ASCII without spaces or any of `<>(),;:"\[]`, at most
// 254 characters. Not a proof that it reaches anyone: a check against typing errors
// and header injection.
bool IsMailAddress(std::string_view address);

// A Chinese postcode: 6 digits (100080).
Status CheckPostcode(std::string_view text, const std::string& field);

}  // namespace aftercare
