// Bar and line charts drawn with cairo: see pdf.h's Chart.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "pdf/page_writer.h"

namespace aftercare::pdf::internal {
namespace {

constexpr Rgb kPalette[] = {{0.18, 0.46, 0.71}, {0.93, 0.49, 0.19}, {0.44, 0.68, 0.28},
                            {1.00, 0.75, 0.00}, {0.44, 0.19, 0.63}, {0.75, 0.00, 0.00}};
Rgb SeriesColor(std::size_t i) { return kPalette[i % std::size(kPalette)]; }

constexpr int kTicks = 5;

// The axis' top: `y_max`, or the data's largest value rounded up to 1, 2 or 5
// times a power of ten per tick.
double AxisTop(const Chart& c) {
  if (c.y_max) return *c.y_max;
  double max = 0;
  for (const auto& s : c.series) {
    for (double v : s.values) max = std::max(max, v);
  }
  if (max <= 0) return kTicks;
  double raw = max / kTicks;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
  return step * kTicks;
}

std::string Number(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  }
  return buf;
}

}  // namespace

// The legend: one line of coloured squares and names, centred; its height.
double PageWriter::Legend(const Chart& c, double y) {
  std::vector<LayoutPtr> names;
  double total = 0;
  for (const auto& s : c.series) {
    names.push_back(Layout(s.name, {8.5}, kContentWidth));
    total += 12 + Width(names.back().get()) + 14;
  }
  double x = Left() + std::max(0.0, (kContentWidth - total) / 2);
  for (std::size_t i = 0; i < names.size(); ++i) {
    Rect(x, y + 3, 8, 8, SeriesColor(i), false);
    Show(names[i].get(), x + 12, y);
    x += 12 + Width(names[i].get()) + 14;
  }
  return names.empty() ? 0 : Height(names.front().get());
}

void PageWriter::DrawBars(const Chart& c, double x0, double y0, double w, double h, double top) {
  const std::size_t n = c.categories.size(), k = c.series.size();
  const double slot = w / static_cast<double>(n);
  const double bar = std::min(slot * 0.8 / static_cast<double>(k), 28.0);
  for (std::size_t i = 0; i < n; ++i) {
    double x = x0 + slot * static_cast<double>(i) + (slot - bar * static_cast<double>(k)) / 2;
    for (std::size_t s = 0; s < k; ++s) {
      double v = std::clamp(c.series[s].values[i], 0.0, top);
      double bh = h * v / top;
      if (bh > 0) Rect(x, y0 + h - bh, bar, bh, SeriesColor(s), false);
      x += bar;
    }
  }
}

void PageWriter::DrawLines(const Chart& c, double x0, double y0, double w, double h, double top) {
  const std::size_t n = c.categories.size();
  const double slot = w / static_cast<double>(n);
  for (std::size_t s = 0; s < c.series.size(); ++s) {
    SetColor(SeriesColor(s));
    cairo_set_line_width(cr_, 1.6);
    for (std::size_t i = 0; i < n; ++i) {
      double x = x0 + slot * (static_cast<double>(i) + 0.5);
      double y = y0 + h - h * std::clamp(c.series[s].values[i], 0.0, top) / top;
      if (i == 0) {
        cairo_move_to(cr_, x, y);
      } else {
        cairo_line_to(cr_, x, y);
      }
    }
    cairo_stroke(cr_);
    for (std::size_t i = 0; i < n; ++i) {
      double x = x0 + slot * (static_cast<double>(i) + 0.5);
      double y = y0 + h - h * std::clamp(c.series[s].values[i], 0.0, top) / top;
      cairo_arc(cr_, x, y, 2.4, 0, 2 * M_PI);
      cairo_fill(cr_);
    }
  }
}

void PageWriter::Draw(const Chart& c) {
  auto title = Layout(c.title, {10.5, true, false, Align::kCenter}, kContentWidth);
  const double title_h = c.title.empty() ? 0 : Height(title.get()) + 4;
  const double legend_h = 18, labels_h = 26;
  Ensure(title_h + c.height + labels_h + legend_h);
  if (!c.title.empty()) Show(title.get(), Left(), y_);
  const double x0 = Left() + 44, y0 = y_ + title_h + 6;
  const double w = kContentWidth - 52, h = c.height - 6;
  const double top = AxisTop(c);
  // Grid lines and the y axis' numbers.
  for (int t = 0; t <= kTicks; ++t) {
    double y = y0 + h - h * t / kTicks;
    SetColor(t == 0 ? kInk : Rgb{0.85, 0.85, 0.85});
    cairo_set_line_width(cr_, t == 0 ? 0.8 : 0.4);
    cairo_move_to(cr_, x0, y);
    cairo_line_to(cr_, x0 + w, y);
    cairo_stroke(cr_);
    auto l = Layout(Number(top * t / kTicks), {7.5, false, false, Align::kRight}, 38);
    Show(l.get(), x0 - 42, y - Height(l.get()) / 2, kMuted);
  }
  SetColor(kInk);
  cairo_set_line_width(cr_, 0.8);
  cairo_move_to(cr_, x0, y0);
  cairo_line_to(cr_, x0, y0 + h);
  cairo_stroke(cr_);
  if (!c.y_label.empty()) {
    auto l = Layout(c.y_label, {7.5}, 120);
    Show(l.get(), x0 - 40, y0 - Height(l.get()) - 1, kMuted);
  }
  if (c.kind == Chart::Kind::kBar) {
    DrawBars(c, x0, y0, w, h, top);
  } else {
    DrawLines(c, x0, y0, w, h, top);
  }
  const double slot = w / static_cast<double>(c.categories.size());
  const double label_size = slot < 30 ? 6.5 : 7.5;
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    auto l = Layout(c.categories[i], {label_size, false, false, Align::kCenter}, slot);
    Show(l.get(), x0 + slot * static_cast<double>(i), y0 + h + 3, kInk);
  }
  y_ = y0 + h + labels_h;
  y_ += Legend(c, y_) + 10;
}

}  // namespace aftercare::pdf::internal
