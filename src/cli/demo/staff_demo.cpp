// The vendor's staff: a user of every vendor role.
#include "cli/demo/demo.h"
#include "cli/demo_command.h"
#include "service/accounts/accounts.h"

namespace aftercare::cli::demo {
namespace {

using service::Role;

struct DemoUser {
  const char* login;
  const char* name;
  Role role;
};

const DemoUser kStaff[] = {
    {"admin", "系统管理员", Role::kAdmin},         {"agent", "客服 小王", Role::kAgent},
    {"agent2", "客服 小陈", Role::kAgent},         {"engineer", "工程师 李工", Role::kEngineer},
    {"engineer2", "工程师 周工", Role::kEngineer}, {"leader", "组长 孙组长", Role::kTeamLeader},
    {"manager", "经理 吴经理", Role::kManager},
};

}  // namespace

Status LoadStaffDemo(Demo& demo) {
  for (const DemoUser& u : kStaff) {
    auto r = service::CreateUser(demo.db, demo.sys,
                                 {u.login, u.name, u.role, kDemoPassword, std::nullopt, ""});
    if (!r.ok()) return r.error();
    demo.user_ids[u.login] = r->id;
    demo.staff_names[u.login] = u.name;
  }
  return {};
}

}  // namespace aftercare::cli::demo
