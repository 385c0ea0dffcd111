// The holidays area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"no holiday data for {num}", "没有 {num} 年的节假日数据"},
    {"work: {value} is also a day off", "调休上班日 {value} 同时被标为节假日",
     "Make-up working days: {value} is also a day off"},
    {"year must be 2000 to 2100", "年份须在2000到2100之间", "Year must be 2000 to 2100"},
    {"{field}: {value} is not in {num}", "{field} {value} 不在 {num} 年内"},
    {"{num} ships with aftercare and cannot be changed here",
     "{num} 年的节假日为内置数据，不能在此修改"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "off", "节假日", "Days off"},
    {TermKind::kField, "work", "调休上班日", "Make-up working days"},
    {TermKind::kField, "year", "年份", "Year"},
};

}  // namespace

Catalogue HolidaysCatalogue() { return {"holidays", kMessages, kTerms}; }

}  // namespace aftercare::messages
