// Customers with their systems and maintenance contracts, and each customer's
// Party A user.
#include "cli/demo/demo.h"
#include "cli/demo_command.h"
#include "service/accounts/accounts.h"
#include "service/contracts/contracts.h"
#include "service/customers/customers.h"

namespace aftercare::cli::demo {
namespace {

using service::Role;

struct DemoCustomer {
  const char* name;
  const char* contact;
  const char* phone;
  std::vector<const char*> systems;
  const char* contract;
  const char* value;
  const char* party_a_login;
  const char* party_a_name;
};

const DemoCustomer kCustomers[] = {
    {"市第一人民医院",
     "张主任",
     "0571-88001234",
     {"HIS 医院信息系统", "LIS 检验系统"},
     "HT-2025-001",
     "1860000.00",
     "hospital",
     "医院信息科 张主任"},
    {"省交通运输厅",
     "李处长",
     "0571-87005678",
     {"综合执法平台", "门户网站"},
     "HT-2025-002",
     "2450000.00",
     "transport",
     "交通厅 李处长"},
    {"区教育局",
     "王老师",
     "0571-86009012",
     {"智慧校园平台"},
     "HT-2025-003",
     "680000.00",
     "education",
     "教育局 王老师"},
    {"城市商业银行",
     "赵经理",
     "0571-85003456",
     {"信贷管理系统", "OA 办公系统"},
     "HT-2025-004",
     "3200000.00",
     "bank",
     "银行科技部 赵经理"},
};

}  // namespace

Status LoadCustomersDemo(Demo& demo) {
  service::Context agent = demo.As("agent", Role::kAgent);
  service::Context manager = demo.As("manager", Role::kManager);
  for (const DemoCustomer& dc : kCustomers) {
    auto c = service::CreateCustomer(demo.db, agent, {0, dc.name, dc.contact, dc.phone, ""});
    if (!c.ok()) return c.error();
    Demo::Customer m{c->id, 0, {}, dc.contact};
    for (const char* s : dc.systems) {
      auto sys_r = service::CreateSystem(demo.db, agent, {0, c->id, s});
      if (!sys_r.ok()) return sys_r.error();
      m.systems.push_back(sys_r->id);
    }
    service::NewContract nc;
    nc.fields.customer_id = c->id;
    nc.fields.number = dc.contract;
    nc.fields.title = std::string(dc.name) + " 运维服务合同";
    nc.value_text = dc.value;
    nc.fields.signed_on = "2025-03-01";
    nc.fields.accepted_on = "2025-05-20";
    nc.fields.system_ids = m.systems;
    auto k = service::CreateContract(demo.db, manager, nc);
    if (!k.ok()) return k.error();
    m.contract = k->id;
    demo.customers.push_back(m);
    auto pa = service::CreateUser(
        demo.db, demo.sys,
        {dc.party_a_login, dc.party_a_name, Role::kPartyA, kDemoPassword, c->id, dc.phone});
    if (!pa.ok()) return pa.error();
    demo.user_ids[dc.party_a_login] = pa->id;
  }
  return {};
}

}  // namespace aftercare::cli::demo
