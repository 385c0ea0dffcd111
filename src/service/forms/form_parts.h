// What the printed forms share: reading the ticket's form document, local times
// to the minute, the grid's label and value cells, and the document's frame (the
// title, the ticket's number and the day it was printed).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/time.h"
#include "pdf/pdf.h"
#include "service/context.h"

namespace aftercare::service::forms {

// form[key] when it is a non-empty string, else `fallback`.
std::string FormText(const nlohmann::json& form, const char* key, const std::string& fallback);

// "2026-12-07 14:30" in `tz`.
std::string LocalMinute(Instant t, const TimeZone& tz);

// The zone named, or the default zone when it is unknown.
TimeZone ZoneOr(const std::string& name);

// Cells of a form's grid, row by row: shaded labels and their values.
class Cells {
 public:
  explicit Cells(pdf::Grid& g) : g_(g) {}
  void Label(int row, int col, std::string text);
  void Text(int row, int col, int span, std::string text);
  // Two label-value pairs across the row's four columns.
  void Pair(int row, std::string l1, std::string v1, std::string l2, std::string v2);
  void Checks(int row, int col, int span, std::vector<pdf::Check> checks, std::string tail);

 private:
  pdf::Grid& g_;
};

// A paragraph of one line's look.
pdf::Paragraph Line(std::string text, double size, bool bold, pdf::Align align, bool muted);

// The frame of a form: its metadata, the title centred, and "编号 … 打印日期 …".
pdf::Document FormDocument(const std::string& title, const std::string& number,
                           const Context& ctx);

}  // namespace aftercare::service::forms
