// The policies area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"body: line {num}: {msg}", "策略内容第 {num} 行：{msg}", "Content: line {num}: {msg}"},
    {"body: {msg}", "策略内容：{msg}", "Content: {msg}"},
    {"name must be 1-64 characters without spaces", "名称须为1-64个字符，不能包含空格",
     "Name must be 1-64 characters without spaces"},
    {"name must match the body's policy name ({value})",
     "策略名称必须与策略内容中的名称（{value}）一致",
     "Name must match the policy's own name ({value})"},
    {"policy {value} exists (policies are immutable)",
     "服务等级策略 {value} 已存在（策略保存后不能修改）"},
    {"policy {value} is built in", "{value} 是内置的服务等级策略，不能使用此名称"},
    {"policy {value} not found", "服务等级策略 {value} 不存在"},
};

}  // namespace

Catalogue PoliciesCatalogue() { return {"policies", kMessages}; }

}  // namespace aftercare::messages
