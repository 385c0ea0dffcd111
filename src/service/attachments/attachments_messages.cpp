// The attachments area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"an attachment may have at most 20 MB", "单个附件不超过20MB"},
    {"attachment not found", "附件不存在"},
    {"Content-Type must be a media type such as image/png",
     "Content-Type 必须是媒体类型，例如 image/png"},
    {"name must be a file name of 1-200 characters, without control characters",
     "文件名须为1-200个字符，不能包含控制字符或斜杠",
     "File name must have 1-200 characters, without control characters"},
    {"the attachment is empty", "附件内容为空"},
    {"the query needs ?name=FILE", "请在查询参数中提供文件名（?name=文件名）"},
};

}  // namespace

Catalogue AttachmentsCatalogue() { return {"attachments", kMessages}; }

}  // namespace aftercare::messages
