#include "service/forms/form_parts.h"

namespace aftercare::service::forms {

std::string FormText(const nlohmann::json& form, const char* key, const std::string& fallback) {
  if (!form.is_object()) return fallback;
  auto it = form.find(key);
  if (it == form.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return fallback;
  }
  return it->get<std::string>();
}

std::string LocalMinute(Instant t, const TimeZone& tz) {
  std::string s = FormatRfc3339(t, tz);  // 2026-12-07T14:30:05+08:00
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

TimeZone ZoneOr(const std::string& name) {
  auto z = TimeZone::Locate(name);
  return z.ok() ? *z : DefaultZone();
}

void Cells::Label(int row, int col, std::string text) {
  pdf::GridCell c;
  c.row = row;
  c.col = col;
  c.text = std::move(text);
  c.align = pdf::Align::kCenter;
  c.bold = true;
  c.shaded = true;
  g_.cells.push_back(std::move(c));
}

void Cells::Text(int row, int col, int span, std::string text) {
  pdf::GridCell c;
  c.row = row;
  c.col = col;
  c.col_span = span;
  c.text = std::move(text);
  g_.cells.push_back(std::move(c));
}

void Cells::Pair(int row, std::string l1, std::string v1, std::string l2, std::string v2) {
  Label(row, 0, std::move(l1));
  Text(row, 1, 1, std::move(v1));
  Label(row, 2, std::move(l2));
  Text(row, 3, 1, std::move(v2));
}

void Cells::Checks(int row, int col, int span, std::vector<pdf::Check> checks, std::string tail) {
  Text(row, col, span, std::move(tail));
  g_.cells.back().checks = std::move(checks);
}

pdf::Paragraph Line(std::string text, double size, bool bold, pdf::Align align, bool muted) {
  pdf::Paragraph p;
  p.text = std::move(text);
  p.size = size;
  p.bold = bold;
  p.align = align;
  p.muted = muted;
  return p;
}

pdf::Document FormDocument(const std::string& title, const std::string& number,
                           const Context& ctx) {
  const std::string printed = FormatRfc3339(ctx.now, DefaultZone());
  pdf::Document doc;
  doc.info.title = title;
  doc.info.author = "aftercare";
  doc.info.subject = number;
  doc.info.created = printed;
  doc.footer = number.empty() ? title : title + " · " + number;
  doc.blocks.emplace_back(Line(title, 20, true, pdf::Align::kCenter, false));
  doc.blocks.emplace_back(pdf::Spacer{4});
  std::string line = number.empty() ? "编号：____________" : "工单编号：" + number;
  line += "        打印日期：" + printed.substr(0, 10);
  doc.blocks.emplace_back(Line(std::move(line), 9, false, pdf::Align::kRight, true));
  doc.blocks.emplace_back(pdf::Spacer{4});
  return doc;
}

}  // namespace aftercare::service::forms
