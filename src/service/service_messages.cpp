// The service area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h): what every area shares: logins
// and roles (service/permissions.cpp), the key files (service/key_file.cpp), the blob store (service/blob_store.cpp).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"the job's lease was lost", "后台任务已被其他进程接手"},
    {"log in first", "请先登录"},
    {"the role {role} may not do this", "“{role}”角色无权执行此操作"},
    {"cannot read the key file", "无法读取密钥文件"},
    {"the key file holds no key", "密钥文件内容无效"},
    {"the key file does not exist", "密钥文件不存在"},
    {"cannot write the key file", "无法写入密钥文件"},
    {"cannot store the file", "文件无法保存，请稍后重试"},
    {"the file's content is missing from the data folder", "文件内容在数据目录中缺失"},
};

}  // namespace

Catalogue ServiceCatalogue() { return {"service", kMessages}; }

}  // namespace aftercare::messages
