// The service area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h): what every area shares: logins
// and roles (service/permissions.cpp).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"the job's lease was lost", "后台任务已被其他进程接手"},
    {"log in first", "请先登录"},
    {"the role {role} may not do this", "“{role}”角色无权执行此操作"},
};

}  // namespace

Catalogue ServiceCatalogue() { return {"service", kMessages}; }

}  // namespace aftercare::messages
