// The backups area's client-visible messages (src/core/message_catalogue.h): the
// backup file's checks (SEC-2), its schedule and its records.
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"the backup file cannot be used: {msg}", "备份文件无法使用：{msg}"},
    {"the backup file is damaged: it has two manifests", "备份文件已损坏：包含两个清单"},
    {"the backup file is damaged: it holds no database", "备份文件已损坏：其中没有数据库"},
    {"the backup file is damaged: its manifest is not an aftercare manifest",
     "备份文件已损坏：清单不是 aftercare 的清单"},
    {"the backup file is damaged: member \"{value}\" does not match its checksum",
     "备份文件已损坏：成员“{value}”与其校验和不符"},
    {"the backup file is damaged: member \"{value}\" follows the manifest",
     "备份文件已损坏：成员“{value}”位于清单之后"},
    {"the backup file is damaged: member \"{value}\" follows the manifest's seal",
     "备份文件已损坏：成员“{value}”位于清单校验之后"},
    {"the backup file is damaged: member \"{value}\" is missing",
     "备份文件已损坏：缺少成员“{value}”"},
    {"the backup file is damaged: member \"{value}\" is not a whole database",
     "备份文件已损坏：成员“{value}”不是完整的数据库"},
    {"the backup file is damaged: member \"{value}\" is not in the manifest",
     "备份文件已损坏：成员“{value}”不在清单中"},
    {"the backup file is damaged: member \"{value}\" is not part of a backup",
     "备份文件已损坏：成员“{value}”不属于备份"},
    {"the backup file is damaged: it changed while it was restored",
     "备份文件已损坏：恢复过程中文件发生了变化"},
    {"the backup file is damaged: the manifest's seal comes before the manifest",
     "备份文件已损坏：清单校验位于清单之前"},
    {"the backup file is damaged: the manifest's seal does not match the file",
     "备份文件已损坏：清单校验与文件不符"},
    {"the backup file is truncated or damaged: it has no manifest",
     "备份文件不完整或已损坏：没有清单"},
    {"the backup file is truncated or damaged: its manifest has no seal",
     "备份文件不完整或已损坏：清单没有校验"},
    {"the backup file's format {num} is not one this aftercare reads (upgrade aftercare)",
     "备份文件格式 {num} 无法被本程序读取（请升级 aftercare）"},
    {"the backup file \"{value}\" already exists", "备份文件“{value}”已存在"},
    {"cannot read the backup file \"{value}\"", "无法读取备份文件“{value}”"},
    {"cannot write \"{value}\"", "无法写入“{value}”"},
    {"cannot read the attachments folder", "无法读取附件文件夹"},
    {"cannot read the data folder", "无法读取数据文件夹"},
    {"cannot write the attachments folder", "无法写入附件文件夹"},
    {"cannot write {value}", "无法写入 {value}"},
    {"the data folder already holds attachments: restore into an empty one",
     "数据文件夹中已有附件：只能恢复到空的数据文件夹"},
    {"the data folder already holds {value}: restore into an empty one",
     "数据文件夹中已有 {value}：只能恢复到空的数据文件夹"},
    {"the backup is of a {value} database: restore it into one",
     "该备份来自 {value} 数据库：请恢复到同类数据库"},
    {"the backup's schema version {num} is newer than this aftercare knows ({num2}): upgrade "
     "aftercare",
     "备份的数据库结构版本 {num} 高于本程序支持的版本（{num2}）：请升级 aftercare"},
    // The schedule's settings (service/backups/backups.h).
    {"time must be a time of day, HH:MM or HH:MM:SS",
     "备份时间必须是一天中的时刻（时:分 或 时:分:秒）",
     "The backup time must be a time of day, HH:MM or HH:MM:SS"},
    {"keep_days must be 1 to 365", "保留天数须为 1 到 365", "Days kept must be 1 to 365"},
    {"folder must be at most 1024 characters", "备份文件夹路径最长 1024 个字符",
     "The backup folder must be at most 1024 characters"},
    {"folder must be an absolute path", "备份文件夹必须是绝对路径（以 / 开头）",
     "The backup folder must be an absolute path (starting with /)"},
    {"folder \"{value}\" cannot be made", "无法创建备份文件夹“{value}”",
     "The backup folder \"{value}\" cannot be made"},
    {"folder \"{value}\" is not writable by the server", "服务器无法写入备份文件夹“{value}”",
     "The server cannot write to the backup folder \"{value}\""},
    {"limit must be 1 to 100", "每页条数须为1到100", "Page size must be 1 to 100"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "enabled", "定时备份", "Scheduled backups"},
    {TermKind::kField, "time", "备份时间", "Backup time"},
    {TermKind::kField, "keep_days", "保留天数", "Days kept"},
    {TermKind::kField, "folder", "备份文件夹", "Backup folder"},
};

}  // namespace

Catalogue BackupsCatalogue() { return {"backups", kMessages, kTerms}; }

}  // namespace aftercare::messages
