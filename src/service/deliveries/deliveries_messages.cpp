// The deliveries area's client-visible messages (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"delivery not found", "发送记录不存在"},
    {"state must be pending, sent or dead", "状态必须是 pending（待发送）、sent（已发送）或 dead（发送失败）",
     "State must be pending, sent or dead"},
    {"only a dead delivery is sent again", "只有发送失败的消息可以重新发送"},
    {"address is required: no notice address is set for you",
     "请填写收件地址（您尚未设置接收通知的邮箱）",
     "An address is required: you have set no notice address"},
    {"address must be an e-mail address", "收件地址必须是电子邮件地址",
     "The address must be an e-mail address"},
};

}  // namespace

Catalogue DeliveriesCatalogue() { return {"deliveries", kMessages}; }

}  // namespace aftercare::messages
