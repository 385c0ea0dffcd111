// The releases area's client-visible messages: key, Chinese, and the English a
// client reads when it differs from the key (src/core/message_catalogue.h).
#include "core/message_catalogue.h"

namespace aftercare::messages {
namespace {

constexpr Message kMessages[] = {
    {"release not found", "版本发布不存在"},
    {"release file not found", "发布文件不存在"},
    {"installation not found", "安装记录不存在"},
    {"a published release no longer changes", "版本已发布，不能再修改"},
    {"version must be like 3.2.1: an optional V, then 1 to 4 numbers joined by dots",
     "版本号格式应如 3.2.1：可带前缀 V，由 1 至 4 段数字以点分隔",
     "Version must be like 3.2.1: an optional V, then 1 to 4 numbers joined by dots"},
    {"title must have at most 200 characters", "标题最多 200 个字",
     "Title must have at most 200 characters"},
    {"notes must have at most 20000 characters", "发布说明最多 20000 个字",
     "Release notes must have at most 20000 characters"},
    {"product must have at most 100 characters", "产品名称最多 100 个字",
     "Product must have at most 100 characters"},
    {"the product already has a release of this version", "该产品已有此版本号的发布"},
    {"product: no customer's system has this name", "没有客户的系统使用此产品名称",
     "Product: no customer's system has this name"},
    {"system_ids: a release is for at least one system", "版本发布至少涉及一个系统",
     "Systems: a release is for at least one system"},
    {"system_ids must name customers' systems of the release's product",
     "所选系统须为该产品的客户系统", "Systems must be customers' systems of the release's product"},
    {"the file is empty", "文件为空"},
    {"a release file may have at most 20 MB", "单个发布文件最大 20 MB"},
    {"a release may have at most 20 files", "一个版本发布最多 20 个文件"},
    {"for_customer_id must be a customer the release is for", "代为下载的客户须为该发布涉及的客户",
     "Customer must be one the release is for"},
    {"the release is not published yet", "版本尚未发布"},
    {"system_id must be a system the release is for", "所选系统不在该发布的范围内",
     "System must be one the release is for"},
    {"the system already runs this version or a newer one", "该系统已运行此版本或更新的版本"},
    {"ends_at must be after starts_at, within 31 days",
     "结束时间须晚于开始时间，且相距不超过 31 天", "Ends must be after Starts, within 31 days"},
    {"an installation of this release is already scheduled for the system",
     "该系统已安排了此版本的安装"},
    {"only a scheduled installation can be cancelled", "只有已安排的安装可以取消"},
    {"Party A records only an installation of its own (method self)",
     "甲方只能登记本单位自行安装（安装方式：自行安装）"},
    {"installed_at cannot be in the future", "安装时间不能晚于当前时间",
     "Installed at cannot be in the future"},
    {"installed_at cannot be before the release was published", "安装时间不能早于版本发布时间",
     "Installed at cannot be before the release was published"},
    {"this release's installation on the system is already recorded", "该系统已登记安装此版本"},
    {"kind must be patch or upgrade", "发布类型须为补丁或升级", "Kind must be patch or upgrade"},
    {"state must be draft or published", "发布状态须为草稿或已发布",
     "State must be draft or published"},
    {"method must be onsite, remote or self", "安装方式须为上门、远程或自行安装",
     "Method must be on site, remote or self"},
};

constexpr Term kTerms[] = {
    {TermKind::kField, "product", "产品", "Product"},
    {TermKind::kField, "version", "版本号", "Version"},
    {TermKind::kField, "notes", "发布说明", "Release notes"},
    {TermKind::kField, "installed_at", "安装时间", "Installed at"},
    {TermKind::kField, "for_customer_id", "代为下载的客户", "For customer"},
};

}  // namespace

Catalogue ReleasesCatalogue() { return {"releases", kMessages, kTerms}; }

}  // namespace aftercare::messages
