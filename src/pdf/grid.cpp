// Grids of cells with spans (printed forms): see pdf.h's Grid.
#include <algorithm>
#include <numeric>

#include "pdf/page_writer.h"

namespace aftercare::pdf::internal {
namespace {

constexpr double kPad = 4;
constexpr double kBox = 9;  // a checkbox's side

}  // namespace

Status CheckGrid(const Grid& g) {
  if (g.widths.empty() || g.heights.empty()) {
    return Error::Invalid("a grid needs its column widths and row heights", 0, "grid");
  }
  for (double w : g.widths) {
    if (!(w > 0)) return Error::Invalid("a grid's widths must be positive", 0, "widths");
  }
  const int rows = static_cast<int>(g.heights.size()), cols = static_cast<int>(g.widths.size());
  std::vector<char> used(static_cast<std::size_t>(rows * cols), 0);
  for (const GridCell& c : g.cells) {
    if (c.row < 0 || c.col < 0 || c.row_span < 1 || c.col_span < 1 || c.row + c.row_span > rows ||
        c.col + c.col_span > cols) {
      return Error::Invalid("a grid cell lies outside the grid", 0, "cells");
    }
    for (int r = c.row; r < c.row + c.row_span; ++r) {
      for (int k = c.col; k < c.col + c.col_span; ++k) {
        char& u = used[static_cast<std::size_t>(r * cols + k)];
        if (u) return Error::Invalid("grid cells overlap", 0, "cells");
        u = 1;
      }
    }
  }
  return {};
}

// A cell's text, then its checkboxes flowing in lines: the height it needs; drawn
// vertically centred in `height` when `draw`.
double PageWriter::CellContent(const GridCell& c, double width, double x, double y,
                               double height, bool draw) {
  const double inner = width - 2 * kPad;
  LayoutPtr text;
  double h = 0;
  if (!c.text.empty()) {
    text = Layout(c.text, {c.size, c.bold, false, c.align}, inner);
    h = Height(text.get());
  }
  // The checkboxes' positions: each a box and its label, wrapped to the width.
  struct Placed {
    LayoutPtr label;
    double x, y;
    bool checked;
  };
  std::vector<Placed> placed;
  double cx = 0, cy = h, line_h = 0;
  for (const Check& k : c.checks) {
    auto l = Layout(k.label, {c.size}, inner);
    double w = kBox + 3 + Width(l.get()) + 10;
    if (cx > 0 && cx + w > inner) {
      cx = 0;
      cy += line_h;
      line_h = 0;
    }
    line_h = std::max(line_h, Height(l.get()));
    placed.push_back({std::move(l), cx, cy, k.checked});
    cx += w;
  }
  h = cy + line_h;
  if (!draw) return h + 2 * kPad;
  const double top = y + std::max(kPad, (height - h) / 2);
  if (text) Show(text.get(), x + kPad, top);
  for (const Placed& p : placed) {
    const double lh = Height(p.label.get());
    const double bx = x + kPad + p.x, by = top + p.y + (lh - kBox) / 2;
    SetColor(kInk);
    cairo_set_line_width(cr_, 0.7);
    cairo_rectangle(cr_, bx, by, kBox, kBox);
    cairo_stroke(cr_);
    if (p.checked) {  // a tick inside the box
      cairo_set_line_width(cr_, 1.2);
      cairo_move_to(cr_, bx + 1.8, by + kBox * 0.55);
      cairo_line_to(cr_, bx + kBox * 0.42, by + kBox - 1.8);
      cairo_line_to(cr_, bx + kBox - 1.5, by + 1.8);
      cairo_stroke(cr_);
    }
    Show(p.label.get(), bx + kBox + 3, top + p.y);
  }
  return h + 2 * kPad;
}

// Rows [first, last) at y_: every cell that starts in them (none crosses `last`),
// and a bordered blank for every position no cell covers.
void PageWriter::GridRows(const Grid& g, const std::vector<double>& xs,
                          const std::vector<double>& heights, int first, int last) {
  std::vector<double> ys{y_};
  for (int r = first; r < last; ++r) ys.push_back(ys.back() + heights[static_cast<size_t>(r)]);
  const int cols = static_cast<int>(g.widths.size());
  std::vector<char> covered(static_cast<std::size_t>((last - first) * cols), 0);
  for (const GridCell& c : g.cells) {
    if (c.row < first || c.row >= last) continue;
    const double x = xs[static_cast<size_t>(c.col)];
    const double w = xs[static_cast<size_t>(c.col + c.col_span)] - x;
    const double y = ys[static_cast<size_t>(c.row - first)];
    const double h = ys[static_cast<size_t>(c.row + c.row_span - first)] - y;
    Rect(x, y, w, h, c.shaded ? std::optional<Rgb>(kShade) : std::nullopt, true);
    CellContent(c, w, x, y, h, true);
    for (int r = c.row; r < c.row + c.row_span; ++r) {
      for (int k = c.col; k < c.col + c.col_span; ++k) {
        covered[static_cast<std::size_t>((r - first) * cols + k)] = 1;
      }
    }
  }
  for (int r = first; r < last; ++r) {
    for (int k = 0; k < cols; ++k) {
      if (covered[static_cast<std::size_t>((r - first) * cols + k)]) continue;
      Rect(xs[static_cast<size_t>(k)], ys[static_cast<size_t>(r - first)],
           xs[static_cast<size_t>(k) + 1] - xs[static_cast<size_t>(k)],
           heights[static_cast<size_t>(r)], std::nullopt, true);
    }
  }
  y_ = ys.back();
}

void PageWriter::Draw(const Grid& g) {
  const double sum = std::accumulate(g.widths.begin(), g.widths.end(), 0.0);
  std::vector<double> xs{Left()};
  for (double w : g.widths) xs.push_back(xs.back() + w / sum * kContentWidth);
  const int rows = static_cast<int>(g.heights.size());
  std::vector<double> heights = g.heights;
  // Rows grow to fit their cells; a spanning cell's excess goes to its last row.
  auto spanned = [&](const GridCell& c) {
    double h = 0;
    for (int r = c.row; r < c.row + c.row_span; ++r) h += heights[static_cast<size_t>(r)];
    return h;
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (const GridCell& c : g.cells) {
      if ((pass == 0) != (c.row_span == 1)) continue;
      const double w = xs[static_cast<size_t>(c.col + c.col_span)] - xs[static_cast<size_t>(c.col)];
      const double need = CellContent(c, w, 0, 0, 0, false);
      const double have = spanned(c);
      if (need > have) heights[static_cast<size_t>(c.row + c.row_span - 1)] += need - have;
    }
  }
  // Where the grid may split: a boundary that no span crosses.
  std::vector<char> breakable(static_cast<std::size_t>(rows) + 1, 1);
  for (const GridCell& c : g.cells) {
    for (int r = c.row + 1; r < c.row + c.row_span; ++r) breakable[static_cast<size_t>(r)] = 0;
  }
  int first = 0;
  while (first < rows) {
    double y = y_;
    int last = first, fit = first;
    while (last < rows && y + heights[static_cast<size_t>(last)] <= Bottom()) {
      y += heights[static_cast<size_t>(last)];
      ++last;
      if (breakable[static_cast<size_t>(last)]) fit = last;
    }
    if (fit == first) {
      if (y_ > kMargin) {  // nothing fits here: the next page
        NewPage();
        continue;
      }
      fit = std::max(last, first + 1);  // taller than a page: drawn as it is
      while (fit < rows && !breakable[static_cast<size_t>(fit)]) ++fit;
    }
    GridRows(g, xs, heights, first, fit);
    first = fit;
    if (first < rows) NewPage();
  }
  y_ += 8;
}

}  // namespace aftercare::pdf::internal
