// Releases (OPS-4): the OA product line runs at every customer (the loader adds
// the OA system to the three that had none). OA V2.0, an upgrade of three months
// ago, is installed everywhere; OA V2.1, a patch of ten days ago with its file,
// is installed at the bank (remotely) and the hospital (by Party A itself), is
// scheduled on site at the transport department in three days (on the calendar)
// and not yet at the education bureau; the hospital's HIS had V3.2.1 installed
// and is one patch behind V3.2.2; OA V2.2 is a draft.
#include "cli/demo/demo.h"
#include "service/customers/customers.h"
#include "service/releases/releases.h"

namespace aftercare::cli::demo {
namespace {

using service::InstallMethod;
using service::ReleaseKind;
using service::Role;

constexpr std::int64_t kDay = 86400;
constexpr const char* kOa = "OA 办公系统";
constexpr const char* kHis = "HIS 医院信息系统";

service::Context At(service::Context ctx, Instant now, std::int64_t days_ago) {
  ctx.now = Instant{now.unix - days_ago * kDay};
  return ctx;
}

// The customer's Party A user (the customers demo's logins, in its order).
service::Context PartyA(const Demo& demo, std::size_t customer, const char* login,
                        const char* name) {
  return service::Context{service::Actor{demo.user_ids.at(login), login, Role::kPartyA,
                                         demo.customers.at(customer).id, name},
                          "demo", demo.now};
}

struct Made {
  std::int64_t id = 0;
  std::vector<std::int64_t> systems;  // by customer, as the release lists them
};

Result<Made> Release(Demo& demo, const char* product, ReleaseKind kind, const char* version,
                     const char* title, const char* notes, std::int64_t published_days_ago) {
  service::Context engineer = At(demo.As("engineer", Role::kEngineer), demo.now,
                                 published_days_ago < 0 ? 0 : published_days_ago + 1);
  AFTERCARE_ASSIGN_OR_RETURN(
      auto r, service::CreateRelease(demo.db, engineer,
                                     {product, version, title, notes, kind, std::nullopt}));
  if (!demo.data_dir.empty()) {
    const std::string line(product);
    const std::string name = line.substr(0, line.find(' ')) + "-" + version + ".zip";
    AFTERCARE_RETURN_IF_ERROR(
        service::AddReleaseFile(demo.db, engineer, demo.data_dir + "/attachments", r.id, name,
                                "application/zip",
                                "PK\x05\x06 demo package " + std::string(version) + "\n")
            .status());
  }
  Made made{r.id, {}};
  for (const auto& s : r.systems) made.systems.push_back(s.system_id);
  if (published_days_ago < 0) return made;
  service::Context manager = At(demo.As("manager", Role::kManager), demo.now, published_days_ago);
  AFTERCARE_RETURN_IF_ERROR(service::PublishRelease(demo.db, manager, r.id).status());
  return made;
}

Status Install(Demo& demo, const service::Context& who, std::int64_t release, std::int64_t system,
               InstallMethod method, std::int64_t days_ago, const char* note) {
  service::InstallationRecord rec{system, method, Instant{demo.now.unix - days_ago * kDay}, note};
  return service::RecordInstallation(demo.db, At(who, demo.now, days_ago), release, rec).status();
}

}  // namespace

Status LoadReleasesDemo(Demo& demo) {
  // The OA system at the three customers that had none (the bank has its own).
  for (std::size_t i = 0; i < 3 && i < demo.customers.size(); ++i) {
    auto s = service::CreateSystem(demo.db, demo.As("agent", Role::kAgent),
                                   {0, demo.customers[i].id, kOa});
    if (!s.ok()) return s.error();
    demo.customers[i].systems.push_back(s->id);
  }
  service::Context engineer = demo.As("engineer", Role::kEngineer);
  AFTERCARE_ASSIGN_OR_RETURN(
      Made v20, Release(demo, kOa, ReleaseKind::kUpgrade, "V2.0", "OA 2.0 升级：流程中心与移动审批",
                        "新增流程中心、移动端审批；公文模板支持套红。\n升级前请备份数据库。", 90));
  for (std::int64_t system : v20.systems) {
    AFTERCARE_RETURN_IF_ERROR(
        Install(demo, engineer, v20.id, system, InstallMethod::kOnsite, 85, "上门升级，已验证"));
  }
  AFTERCARE_ASSIGN_OR_RETURN(
      Made v21,
      Release(demo, kOa, ReleaseKind::kPatch, "V2.1", "OA 2.1 补丁：附件预览与性能",
              "修复大附件预览失败；待办列表加载提速约 40%。\n可远程或由客户自行安装。", 10));
  // v21.systems by customer: hospital, transport, education, bank.
  AFTERCARE_RETURN_IF_ERROR(Install(demo, engineer, v21.id, v21.systems.at(3),
                                    InstallMethod::kRemote, 8, "远程安装，客户确认正常"));
  AFTERCARE_RETURN_IF_ERROR(Install(demo, PartyA(demo, 0, "hospital", "医院信息科 张主任"), v21.id,
                                    v21.systems.at(0), InstallMethod::kSelf, 5,
                                    "信息科按说明自行安装"));
  // In three days at 14:00 Beijing time (UTC+8).
  const std::int64_t midnight = (demo.now.unix + 8 * 3600) / kDay * kDay - 8 * 3600;
  const std::int64_t start = midnight + 3 * kDay + 14 * 3600;
  service::NewInstallation visit{v21.systems.at(1), demo.user_ids.at("engineer"), Instant{start},
                                 Instant{start + 3 * 3600}, "需停机窗口，已与李处长约定"};
  AFTERCARE_RETURN_IF_ERROR(
      service::ScheduleInstallation(demo.db, engineer, v21.id, visit).status());
  AFTERCARE_ASSIGN_OR_RETURN(
      Made h321, Release(demo, kHis, ReleaseKind::kPatch, "V3.2.1", "挂号高峰接口超时修复",
                         "修复挂号高峰时段 HIS 接口超时（缺陷：挂号服务）。", 20));
  AFTERCARE_RETURN_IF_ERROR(Install(demo, engineer, h321.id, h321.systems.at(0),
                                    InstallMethod::kOnsite, 18, "夜间窗口上门安装"));
  AFTERCARE_RETURN_IF_ERROR(Release(demo, kHis, ReleaseKind::kPatch, "V3.2.2",
                                    "检验报告打印缺页修复", "修复检验报告打印偶发缺页。", 2)
                                .status());
  return Release(demo, kOa, ReleaseKind::kUpgrade, "V2.2", "OA 2.2 升级（草稿）",
                 "电子签章；与 HIS 单点登录。", -1)
      .status();
}

}  // namespace aftercare::cli::demo
