// The renderer's inside (pdf.cpp, charts.cpp, grid.cpp): one pass over a
// Document onto a cairo surface, page by page. Not part of the library's API.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>

#include "pdf/pdf.h"

namespace aftercare::pdf::internal {

struct LayoutFree {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutFree>;

struct TextStyle {
  double size = 10.5;
  bool bold = false;
  bool serif = false;
  Align align = Align::kLeft;
};

struct Rgb {
  double r, g, b;
};
inline constexpr Rgb kInk{0.1, 0.1, 0.1};
inline constexpr Rgb kMuted{0.42, 0.42, 0.42};
inline constexpr Rgb kAccent{0.12, 0.30, 0.47};  // headings, rules
inline constexpr Rgb kRule{0.55, 0.55, 0.55};
inline constexpr Rgb kHeaderFill{0.86, 0.90, 0.95};
inline constexpr Rgb kShade{0.94, 0.94, 0.94};

// The checks of a grid before it is drawn (cells inside, none overlapping).
Status CheckGrid(const Grid& g);

class PageWriter {
 public:
  // `total_pages` 0: the counting pass (the footer's total is not known yet).
  PageWriter(cairo_t* cr, std::string footer, int total_pages)
      : cr_(cr), footer_(std::move(footer)), total_(total_pages) {}

  void Begin();   // the first page
  void Finish();  // the last page's footer and the page itself
  int pages() const { return page_; }

  void Draw(const Cover& b);
  void Draw(const Heading& b);
  void Draw(const Paragraph& b);
  void Draw(const KeyValues& b);
  void Draw(const Table& b);
  void Draw(const Grid& b);
  void Draw(const Chart& b);
  void Draw(const Spacer& b);
  void Draw(const PageBreak&);

  // Text helpers shared by the block drawers.
  LayoutPtr Layout(const std::string& text, const TextStyle& style, double width) const;
  static double Height(PangoLayout* l);
  static double Width(PangoLayout* l);
  void Show(PangoLayout* l, double x, double y, Rgb color = kInk) const;
  void SetColor(Rgb c) const { cairo_set_source_rgb(cr_, c.r, c.g, c.b); }
  void Rect(double x, double y, double w, double h, std::optional<Rgb> fill, bool border) const;

 private:
  double Bottom() const { return kPageHeight - kBottomMargin; }
  double Left() const { return kMargin; }
  // Starts a new page when `height` does not fit below y_.
  void Ensure(double height);
  void NewPage();
  void Footer();
  double TableRow(const Table& t, const std::vector<double>& widths,
                  const std::vector<std::string>& cells, bool header, bool draw);
  void DrawBars(const Chart& c, double x0, double y0, double w, double h, double top);
  void DrawLines(const Chart& c, double x0, double y0, double w, double h, double top);
  double Legend(const Chart& c, double y);
  double CellContent(const GridCell& c, double width, double x, double y, double height,
                     bool draw);
  void GridRows(const Grid& g, const std::vector<double>& xs, const std::vector<double>& heights,
                int first, int last);

  cairo_t* cr_;
  std::string footer_;
  int total_ = 0;
  int page_ = 0;
  bool cover_page_ = false;
  double y_ = kMargin;
};

}  // namespace aftercare::pdf::internal
