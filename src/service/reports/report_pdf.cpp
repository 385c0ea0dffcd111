#include "service/reports/report_pdf.h"

#include <cstdio>

#include "core/money.h"

namespace aftercare::service::reports {
namespace {

using nlohmann::json;
using pdf::Align;

constexpr const char* kTypes[] = {"fault",    "installation", "health_check", "upgrade",
                                  "training", "consulting",   "complaint"};
constexpr const char* kPriorities[] = {"P1", "P2", "P3", "P4"};
constexpr const char* kIssuer = "售后服务项目组";

std::string TypeName(const ReportWords& w, const std::string& type) {
  return w.text("ticket type " + type);
}

std::string MetricName(const ReportWords& w, const std::string& metric) {
  return w.term(messages::TermKind::kMetric, metric);
}

std::string Int(const json& j) { return std::to_string(j.get<std::int64_t>()); }

std::string Pct(const json& j) {
  if (j.is_null()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", j.get<double>());
  return buf;
}

std::string Yuan(const json& fen) { return "¥" + FormatYuan(fen.get<std::int64_t>()); }

// "2 小时 5 分" from seconds.
std::string Duration(std::int64_t s) {
  std::int64_t d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
  std::string out;
  if (d) out += std::to_string(d) + " 天 ";
  if (h) out += std::to_string(h) + " 小时 ";
  if (m || out.empty()) out += std::to_string(m) + " 分";
  return out;
}

// "2024-01-01 至 2024-06-30": the period's last day is the day before `to`.
std::string PeriodText(const json& f) {
  auto to = ParseDate(f.at("to").get<std::string>());
  return f.at("from").get<std::string>() + " 至 " + (to.ok() ? FormatDate(*to + -1) : "");
}

// "2024 年上半年" for a half-year on the calendar; else the period's dates.
std::string PeriodName(const json& f) {
  const std::string from = f.at("from"), to = f.at("to");
  const std::string y = from.substr(0, 4);
  if (from.substr(4) == "-01-01" && to == y + "-07-01") return y + " 年上半年";
  if (from.substr(4) == "-07-01" && to.substr(4) == "-01-01") return y + " 年下半年";
  return PeriodText(f);
}

pdf::Cover CoverOf(const ReportHeading& h, const json& f, const std::string& title) {
  return pdf::Cover{title,
                    PeriodName(f),
                    {{"客户名称", h.customer_name},
                     {"合同编号", h.contract_number},
                     {"合同名称", h.contract_title},
                     {"统计期间", PeriodText(f)},
                     {"报告日期", h.date}},
                    {kIssuer, h.date}};
}

pdf::Document Base(const ReportHeading& h, const std::string& title) {
  pdf::Document d;
  d.info = {title, kIssuer, h.customer_name + " " + h.contract_number, h.date + "T00:00:00+08:00"};
  d.footer = title + " · " + h.customer_name;
  return d;
}

// The SLA's overall met rate over every metric.
json OverallMet(const json& f) {
  std::int64_t finished = 0, met = 0;
  for (const json& m : f.at("sla")) {
    finished += m.at("finished").get<std::int64_t>();
    met += m.at("met").get<std::int64_t>();
  }
  if (finished == 0) return nullptr;
  return static_cast<double>(met * 1000 / finished) / 10;
}

std::string Summary(const json& f) {
  const json& t = f.at("tickets");
  const json& p = f.at("penalties");
  return "本期（" + PeriodText(f) + "）共受理服务请求 " + Int(t.at("total")) + " 张，其中已解决 " +
         Int(t.at("resolved")) + " 张，期末未结 " + Int(t.at("open_at_end")) +
         " 张。SLA 各项指标总体达标率 " + Pct(OverallMet(f)) + "；发生违约事件 " + Int(p.at("count")) +
         " 起，违约金合计 " + Yuan(p.at("amount_fen")) + "（已减免 " + Yuan(p.at("waived_fen")) +
         "）。期内一级故障影响下的服务可用率为 " + Pct(f.at("availability").at("percent")) + "。";
}

// Tickets by type (rows) and priority (columns), with totals.
pdf::Table TypePriorityTable(const json& f, const ReportWords& w) {
  pdf::Table t{{"类型", "P1", "P2", "P3", "P4", "合计"},
               {3, 1, 1, 1, 1, 1.2},
               {Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight,
                Align::kRight},
               {}};
  std::map<std::pair<std::string, std::string>, std::int64_t> n;
  for (const json& r : f.at("tickets").at("by_type_priority")) {
    n[{r.at("type"), r.at("priority")}] = r.at("count").get<std::int64_t>();
  }
  std::int64_t columns[4] = {}, all = 0;
  for (const char* type : kTypes) {
    std::vector<std::string> row{TypeName(w, type)};
    std::int64_t sum = 0;
    for (int p = 0; p < 4; ++p) {
      std::int64_t v = n.contains({type, kPriorities[p]}) ? n[{type, kPriorities[p]}] : 0;
      row.push_back(std::to_string(v));
      sum += v;
      columns[p] += v;
    }
    if (sum == 0) continue;
    all += sum;
    row.push_back(std::to_string(sum));
    t.rows.push_back(std::move(row));
  }
  std::vector<std::string> total{"合计"};
  for (auto c : columns) total.push_back(std::to_string(c));
  total.push_back(std::to_string(all));
  t.rows.push_back(std::move(total));
  return t;
}

pdf::Chart MonthlyTickets(const json& f) {
  pdf::Chart c{pdf::Chart::Kind::kBar, "每月服务请求数量", "张", {}, {{"全部", {}}, {"故障", {}}}};
  for (const json& m : f.at("months")) {
    c.categories.push_back(m.at("month").get<std::string>().substr(2));
    c.series[0].values.push_back(static_cast<double>(m.at("tickets").get<std::int64_t>()));
    c.series[1].values.push_back(static_cast<double>(m.at("faults").get<std::int64_t>()));
  }
  return c;
}

pdf::Chart MonthlyMetRate(const json& f) {
  pdf::Chart c{pdf::Chart::Kind::kLine, "每月 SLA 达标率", "%", {}, {{"达标率", {}}}, 100.0};
  for (const json& m : f.at("months")) {
    c.categories.push_back(m.at("month").get<std::string>().substr(2));
    c.series[0].values.push_back(m.at("met_rate").is_null() ? 100.0
                                                            : m.at("met_rate").get<double>());
  }
  return c;
}

pdf::Table SlaTable(const json& f, const ReportWords& w) {
  pdf::Table t{{"指标", "类别", "完成次数", "达标", "超时", "达标率", "超时率", "进行中"},
               {2.4, 1, 1.1, 1, 1, 1.1, 1.1, 1},
               {Align::kLeft, Align::kCenter, Align::kRight, Align::kRight, Align::kRight,
                Align::kRight, Align::kRight, Align::kRight},
               {}};
  for (const json& m : f.at("sla")) {
    if (m.at("finished").get<std::int64_t>() == 0 && m.at("running").get<std::int64_t>() == 0) {
      continue;
    }
    t.rows.push_back({MetricName(w, m.at("metric")), m.at("kind") == "response" ? "响应" : "处理",
                      Int(m.at("finished")), Int(m.at("met")), Int(m.at("late")),
                      Pct(m.at("met_rate")), Pct(m.at("timeout_rate")), Int(m.at("running"))});
  }
  if (t.rows.empty()) t.rows.push_back({"本期无已完成的计时", "", "", "", "", "", "", ""});
  return t;
}

void Penalties(pdf::Document& d, const json& f, const ReportWords& w) {
  const json& p = f.at("penalties");
  d.blocks.push_back(pdf::KeyValues{{{"违约事件", Int(p.at("count")) + " 起"},
                                     {"违约金合计", Yuan(p.at("amount_fen"))},
                                     {"已减免", Yuan(p.at("waived_fen"))},
                                     {"应付", Yuan(p.at("payable_fen"))}}});
  if (p.at("events").empty()) {
    d.blocks.push_back(pdf::Paragraph{"本期无违约事件。"});
    return;
  }
  pdf::Table t{{"工单", "指标", "截止时间", "超时", "金额（元）", "减免"},
               {1.3, 1.6, 2, 1.5, 1.2, 0.8},
               {Align::kLeft, Align::kLeft, Align::kLeft, Align::kRight, Align::kRight,
                Align::kCenter},
               {}};
  for (const json& e : p.at("events")) {
    std::string due = e.at("due");
    t.rows.push_back({e.at("ticket_number"), MetricName(w, e.at("metric")),
                      due.substr(0, 10) + " " + due.substr(11, 5),
                      Duration(e.at("late_by_s").get<std::int64_t>()),
                      FormatYuan(e.at("amount_fen").get<std::int64_t>()),
                      e.at("waived").get<bool>() ? "是" : "否"});
  }
  d.blocks.push_back(std::move(t));
  if (p.at("count").get<std::int64_t>() > p.at("listed").get<std::int64_t>()) {
    d.blocks.push_back(pdf::Paragraph{"注：仅列出按截止时间最早的 " + Int(p.at("listed")) +
                                          " 起，合计金额含全部事件。",
                                      9, false, Align::kLeft, true});
  }
}

void Problems(pdf::Document& d, const json& f, const ReportWords& w) {
  const json& p = f.at("problems");
  pdf::Table sys{{"排名", "系统", "类型", "次数"}, {0.8, 3.5, 2, 1},
                 {Align::kCenter, Align::kLeft, Align::kLeft, Align::kRight}, {}};
  int rank = 0;
  for (const json& r : p.at("by_system_type")) {
    std::string name = r.at("system_name");
    sys.rows.push_back({std::to_string(++rank), name.empty() ? "（未指定系统）" : name,
                        TypeName(w, r.at("type")), Int(r.at("count"))});
  }
  if (sys.rows.empty()) sys.rows.push_back({"", "本期无服务请求", "", ""});
  d.blocks.push_back(pdf::Heading{"按系统与类型", 2});
  d.blocks.push_back(std::move(sys));
  if (p.at("by_title").empty()) return;
  pdf::Table titles{{"排名", "问题", "次数"}, {0.8, 5.5, 1}, {Align::kCenter, Align::kLeft,
                                                            Align::kRight}, {}};
  rank = 0;
  for (const json& r : p.at("by_title")) {
    titles.rows.push_back({std::to_string(++rank), r.at("title"), Int(r.at("count"))});
  }
  d.blocks.push_back(pdf::Heading{"重复出现的问题", 2});
  d.blocks.push_back(std::move(titles));
}

void Inspections(pdf::Document& d, const json& f) {
  if (f.at("inspections").empty()) {
    d.blocks.push_back(pdf::Paragraph{"本期无巡检发现。"});
    return;
  }
  pdf::Table t{{"日期", "系统", "检查项", "结果", "发现", "处理"}, {1.3, 1.6, 1.6, 0.8, 2.6, 1.6},
               {}, {}};
  for (const json& i : f.at("inspections")) {
    std::string handled = i.at("ticket_number").get<std::string>();
    if (!handled.empty()) handled += "（" + i.at("ticket_status").get<std::string>() + "）";
    t.rows.push_back({i.at("date"), i.at("system"), i.at("item"), i.at("outcome"),
                      i.at("finding"), handled.empty() ? "—" : handled});
  }
  d.blocks.push_back(std::move(t));
}

// The conclusions the figures call for: metrics under 90 %, penalties, open tickets.
std::string Conclusion(const json& f, const ReportWords& w) {
  std::string weak;
  for (const json& m : f.at("sla")) {
    if (!m.at("met_rate").is_null() && m.at("met_rate").get<double>() < 90) {
      weak += (weak.empty() ? "" : "、") + MetricName(w, m.at("metric")) + "（" +
              Pct(m.at("met_rate")) + "）";
    }
  }
  std::string out = weak.empty() ? "本期各项 SLA 指标达标率均不低于 90%，系统运行总体平稳。"
                                 : "本期以下指标达标率低于 90%，需重点改进：" + weak + "。";
  if (f.at("penalties").at("count").get<std::int64_t>() > 0) {
    out += "针对本期违约事件，项目组将逐一复盘原因并落实整改措施。";
  }
  if (f.at("tickets").at("open_at_end").get<std::int64_t>() > 0) {
    out += "期末尚有 " + Int(f.at("tickets").at("open_at_end")) + " 张服务请求未结，将持续跟踪至解决。";
  }
  return out;
}

}  // namespace

pdf::Document HealthCheckDocument(const ReportHeading& h, const json& f, const ReportWords& w) {
  pdf::Document d = Base(h, "系统健康检查报告");
  d.blocks.push_back(CoverOf(h, f, "系统健康检查报告"));
  d.blocks.push_back(pdf::Heading{"一、概述"});
  d.blocks.push_back(pdf::Paragraph{Summary(f)});
  d.blocks.push_back(pdf::Heading{"二、故障统计与分析"});
  d.blocks.push_back(pdf::Heading{"服务请求按类型与级别", 2});
  d.blocks.push_back(TypePriorityTable(f, w));
  d.blocks.push_back(MonthlyTickets(f));
  d.blocks.push_back(pdf::Heading{"三、SLA 达标情况"});
  d.blocks.push_back(SlaTable(f, w));
  d.blocks.push_back(pdf::Paragraph{"达标率 = 按时完成的计时 ÷ 已完成的计时；超时率 = 超时的计时 ÷ "
                                    "已完成的计时。计时口径与合同 SLA 台账一致，截至 " +
                                        f.at("as_of").get<std::string>().substr(0, 10) + "。",
                                    9, false, Align::kLeft, true});
  d.blocks.push_back(MonthlyMetRate(f));
  d.blocks.push_back(pdf::Heading{"四、违约事件"});
  Penalties(d, f, w);
  d.blocks.push_back(pdf::Heading{"五、高频问题"});
  Problems(d, f, w);
  d.blocks.push_back(pdf::Heading{"六、巡检发现及处理情况"});
  Inspections(d, f);
  d.blocks.push_back(pdf::Heading{"七、结论与建议"});
  d.blocks.push_back(pdf::Paragraph{Conclusion(f, w)});
  return d;
}

pdf::Document AssessmentDocument(const ReportHeading& h, const json& f, const json& inputs,
                                 const ReportWords& w) {
  pdf::Document d = Base(h, "系统运行质量评估报告");
  d.blocks.push_back(CoverOf(h, f, "系统运行质量评估报告"));
  d.blocks.push_back(pdf::Heading{"一、运行概况"});
  d.blocks.push_back(pdf::Paragraph{Summary(f)});
  d.blocks.push_back(
      pdf::KeyValues{{{"服务可用率", Pct(f.at("availability").at("percent"))},
                      {"一级故障影响时长", Duration(f.at("availability").at("downtime_s"))},
                      {"SLA 总体达标率", Pct(OverallMet(f))}}});
  d.blocks.push_back(pdf::Heading{"二、SLA 达标情况"});
  d.blocks.push_back(SlaTable(f, w));
  d.blocks.push_back(MonthlyMetRate(f));
  d.blocks.push_back(pdf::Heading{"三、故障统计"});
  d.blocks.push_back(TypePriorityTable(f, w));
  d.blocks.push_back(MonthlyTickets(f));
  d.blocks.push_back(pdf::Heading{"四、交流走访发现"});
  std::string findings = inputs.value("findings", "");
  d.blocks.push_back(pdf::Paragraph{findings.empty() ? "本期交流走访未记录发现。" : findings});
  d.blocks.push_back(pdf::Heading{"五、改进建议"});
  pdf::Table t{{"序号", "建议", "说明", "优先级"}, {0.7, 2.2, 4, 0.9},
               {Align::kCenter, Align::kLeft, Align::kLeft, Align::kCenter}, {}};
  int n = 0;
  for (const json& r : inputs.value("recommendations", json::array())) {
    const std::string p = r.at("priority");
    t.rows.push_back({std::to_string(++n), r.at("title"), r.at("detail"),
                      p == "high" ? "高" : p == "medium" ? "中" : "低"});
  }
  if (t.rows.empty()) t.rows.push_back({"", "本期无改进建议", "", ""});
  d.blocks.push_back(std::move(t));
  return d;
}

Result<std::string> RenderReport(const ReportHeading& h, const json& figures, const json& inputs,
                                 const ReportWords& words) {
  if (h.kind == "assessment") return pdf::Render(AssessmentDocument(h, figures, inputs, words));
  return pdf::Render(HealthCheckDocument(h, figures, words));
}

}  // namespace aftercare::service::reports
