// Inspections (OPS-1): a plan per demo customer's first system. The hospital's
// began a year ago: its first visit done and confirmed in the portal, its second
// signed on site with a failed item that became a ticket, its third upcoming. The
// transport department's was due on 国庆节 (moved to the next working day) and is
// overdue; the education bureau's visit is made (due in 10 days); the bank's plan
// waits for its creation day.
#include <filesystem>

#include "cli/demo/demo.h"
#include "service/inspections/inspections.h"
#include "service/tx.h"

namespace aftercare::cli::demo {
namespace {

namespace in = service::inspections;
using service::Role;

std::string DataDirBlobs(const Demo& demo) {
  return (std::filesystem::path(demo.data_dir) / "attachments").string();
}

// The day of the most recent 国庆节 (October 1st) at least a week ago.
LocalDate LastNationalDay(LocalDate today) {
  const int year = YearOf(today);
  const LocalDate this_year = MakeDate(year, 10, 1);
  return today.days >= this_year.days + 7 ? this_year : MakeDate(year - 1, 10, 1);
}

Result<std::vector<in::Visit>> MakePlan(Demo& demo, std::size_t customer, const char* engineer,
                                        LocalDate first_due) {
  const Demo::Customer& c = demo.customers.at(customer);
  in::PlanInput p;
  p.contract_id = c.contract;
  p.system_id = c.systems.at(0);
  p.engineer_id = demo.user_ids.at(engineer);
  p.first_due = first_due;
  AFTERCARE_ASSIGN_OR_RETURN(in::Plan plan,
                             in::CreatePlan(demo.db, demo.As("leader", Role::kTeamLeader), p));
  service::jobs::Job job;
  job.payload = {{"plan_id", plan.id}};
  AFTERCARE_RETURN_IF_ERROR(service::InTransaction(demo.db, true, [&](store::Transaction& tx) {
    return in::RunSchedule(tx, job, demo.now);
  }));
  in::VisitFilter f;
  f.contract_id = c.contract;
  AFTERCARE_ASSIGN_OR_RETURN(in::VisitPage page, in::ListVisits(demo.db, demo.sys, f));
  std::reverse(page.items.begin(), page.items.end());  // oldest first
  return page.items;
}

// Fills every item of `visit` as the engineer on its planned day: all pass but
// `failing` (a check item's label), and submits.
Status FillVisit(Demo& demo, const char* engineer, const in::Visit& visit, const char* failing,
                 const char* finding) {
  service::Context ctx = demo.As(engineer, Role::kEngineer);
  ctx.now = Instant{visit.planned_on.days * kSecondsPerDay + 3 * 3600};  // 11:00 in China
  AFTERCARE_ASSIGN_OR_RETURN(in::Visit full, in::GetVisit(demo.db, ctx, visit.id));
  for (const in::VisitItem& it : full.items) {
    in::ItemFill f;
    if (it.spec.kind == in::ItemKind::kCheck) {
      const bool bad = failing && it.spec.label == failing;
      f.outcome = bad ? in::Outcome::kFail : in::Outcome::kPass;
      if (bad) f.text = finding;
    } else if (it.spec.kind == in::ItemKind::kNumber) {
      f.number = std::optional<std::int64_t>(1200);
    } else if (it.spec.kind == in::ItemKind::kText) {
      f.text = "与信息科共同完成巡检，系统运行总体平稳。";
    } else {
      continue;
    }
    AFTERCARE_RETURN_IF_ERROR(in::FillItem(demo.db, ctx, visit.id, it.id, f).status());
  }
  return in::Submit(demo.db, ctx, visit.id).status();
}

// A tiny PNG: a 1x1 transparent pixel (the demo's drawn signature).
const unsigned char kPixel[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
    0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
    0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

Status HospitalVisits(Demo& demo, const std::vector<in::Visit>& visits) {
  if (visits.size() < 2) return {};
  const Demo::Customer& c = demo.customers.at(0);
  AFTERCARE_RETURN_IF_ERROR(FillVisit(demo, "engineer", visits[0], nullptr, nullptr));
  service::Context pa{service::Actor{demo.user_ids.at("hospital"), "hospital", Role::kPartyA,
                                     c.id, "医院信息科 张主任"},
                      "demo", Instant{visits[0].planned_on.days * kSecondsPerDay + 6 * 3600}};
  AFTERCARE_RETURN_IF_ERROR(in::Confirm(demo.db, pa, visits[0].id).status());
  AFTERCARE_RETURN_IF_ERROR(FillVisit(demo, "engineer", visits[1], "检查数据的备份及存储情况",
                                      "夜间增量备份连续 3 天失败，备份盘剩余空间不足 5%"));
  if (demo.data_dir.empty()) return {};
  service::Context ctx = demo.As("engineer", Role::kEngineer);
  ctx.now = Instant{visits[1].planned_on.days * kSecondsPerDay + 5 * 3600};
  return in::Sign(demo.db, ctx, DataDirBlobs(demo), visits[1].id, "张主任",
                  std::string(reinterpret_cast<const char*>(kPixel), sizeof kPixel))
      .status();
}

}  // namespace

Status LoadInspectionsDemo(Demo& demo) {
  if (demo.customers.size() < 4) return {};
  const LocalDate today = DefaultZone().LocalDateOf(demo.now);
  AFTERCARE_ASSIGN_OR_RETURN(auto hospital,
                             MakePlan(demo, 0, "engineer", today + -(365 - 10)));
  AFTERCARE_RETURN_IF_ERROR(HospitalVisits(demo, hospital));
  AFTERCARE_RETURN_IF_ERROR(
      MakePlan(demo, 1, "engineer2", LastNationalDay(today)).status());
  AFTERCARE_RETURN_IF_ERROR(MakePlan(demo, 2, "engineer", today + 10).status());
  return MakePlan(demo, 3, "engineer2", today + 40).status();
}

}  // namespace aftercare::cli::demo
