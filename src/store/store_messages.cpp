// The store area's client-visible messages: key, Chinese, and the English a client
// reads when it differs from the key (src/core/message_catalogue.h): what the database layer tells
// a client.
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"the database schema is version {num}, newer than this aftercare knows ({num2}): upgrade "
     "aftercare",
     "数据库结构版本为 {num}，高于本程序支持的版本（{num2}）：请升级 aftercare"},
    {"the database schema is version {num}, this aftercare needs {num2}: run `aftercare db "
     "migrate`",
     "数据库结构版本为 {num}，本程序需要版本 {num2}：请运行 `aftercare db migrate`"},
    {"cannot open the database file", "无法打开数据库文件"},
    {"cannot write the database copy", "无法写入数据库副本"},
    {"the database is not empty: restore into an empty one",
     "数据库不是空的：只能恢复到空数据库"},
    {"the database in the backup is damaged", "备份中的数据库已损坏"},
    {"cannot run {value} (install postgresql-client)",
     "无法运行 {value}（请安装 postgresql-client）"},
    {"cannot run {value}", "无法运行 {value}"},
    {"{value} failed", "{value} 执行失败"},
    {"conflict: {value}", "数据冲突：{value}"},
    {"text is not valid UTF-8", "文本不是有效的 UTF-8"},
    {"text must not contain a NUL character", "文本不能包含 NUL 字符"},
    {"the database cannot be reached", "无法连接数据库，请稍后重试"},
    {"the database cannot be read or written", "数据库无法读写，请稍后重试"},
    {"the database is busy, try again", "数据库繁忙，请稍后重试"},
};

}  // namespace

Catalogue StoreCatalogue() { return {"store", kMessages}; }

}  // namespace aftercare::messages
