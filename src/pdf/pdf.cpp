#include "pdf/pdf.h"

#include <cairo-pdf.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <numeric>

#include "pdf/page_writer.h"

namespace aftercare::pdf {
namespace internal {

LayoutPtr PageWriter::Layout(const std::string& text, const TextStyle& style, double width) const {
  LayoutPtr l(pango_cairo_create_layout(cr_));
  PangoFontDescription* fd = pango_font_description_new();
  pango_font_description_set_family(fd, style.serif ? kSerif : kSans);
  pango_font_description_set_weight(fd, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(fd, style.size * PANGO_SCALE);
  pango_layout_set_font_description(l.get(), fd);
  pango_font_description_free(fd);
  pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(l.get(), style.align == Align::kCenter  ? PANGO_ALIGN_CENTER
                                      : style.align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                                     : PANGO_ALIGN_LEFT);
  pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
  return l;
}

double PageWriter::Height(PangoLayout* l) {
  PangoRectangle logical;
  pango_layout_get_extents(l, nullptr, &logical);
  return static_cast<double>(logical.height) / PANGO_SCALE;
}

double PageWriter::Width(PangoLayout* l) {
  PangoRectangle logical;
  pango_layout_get_extents(l, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

void PageWriter::Show(PangoLayout* l, double x, double y, Rgb color) const {
  SetColor(color);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, l);
}

void PageWriter::Rect(double x, double y, double w, double h, std::optional<Rgb> fill,
                      bool border) const {
  cairo_rectangle(cr_, x, y, w, h);
  if (fill) {
    SetColor(*fill);
    if (border) {
      cairo_fill_preserve(cr_);
    } else {
      cairo_fill(cr_);
    }
  }
  if (border) {
    SetColor(kRule);
    cairo_set_line_width(cr_, 0.6);
    cairo_stroke(cr_);
  }
}

void PageWriter::Begin() {
  page_ = 1;
  y_ = kMargin;
}

void PageWriter::Footer() {
  if (cover_page_) return;
  SetColor(kRule);
  cairo_set_line_width(cr_, 0.5);
  double y = kPageHeight - kBottomMargin + 18;
  cairo_move_to(cr_, Left(), y);
  cairo_line_to(cr_, kPageWidth - kMargin, y);
  cairo_stroke(cr_);
  TextStyle small{8.5};
  auto left = Layout(footer_, small, kContentWidth / 2);
  Show(left.get(), Left(), y + 4, kMuted);
  std::string number = "第 " + std::to_string(page_) + " 页 / 共 " +
                       std::to_string(total_ > 0 ? total_ : page_) + " 页";
  small.align = Align::kCenter;
  auto center = Layout(number, small, kContentWidth);
  Show(center.get(), Left(), y + 4, kMuted);
}

void PageWriter::NewPage() {
  Footer();
  cairo_show_page(cr_);
  ++page_;
  cover_page_ = false;
  y_ = kMargin;
}

void PageWriter::Finish() {
  Footer();
  cairo_show_page(cr_);
}

void PageWriter::Ensure(double height) {
  if (y_ + height > Bottom() && y_ > kMargin) NewPage();
}

void PageWriter::Draw(const Cover& b) {
  if (y_ > kMargin) NewPage();
  cover_page_ = true;
  // A band of the accent colour across the top, the title a third down the page.
  Rect(0, 0, kPageWidth, 14, kAccent, false);
  double y = kPageHeight * 0.28;
  auto title = Layout(b.title, {28, true, true, Align::kCenter}, kContentWidth);
  Show(title.get(), Left(), y, kAccent);
  y += Height(title.get()) + 10;
  if (!b.subtitle.empty()) {
    auto sub = Layout(b.subtitle, {14, false, true, Align::kCenter}, kContentWidth);
    Show(sub.get(), Left(), y, kInk);
    y += Height(sub.get());
  }
  y += 40;
  const double label_w = 110, x = Left() + 70, value_w = kContentWidth - 140 - label_w;
  for (const auto& [label, value] : b.lines) {
    auto l = Layout(label + "：", {12, true}, label_w);
    auto v = Layout(value, {12}, value_w);
    Show(l.get(), x, y);
    Show(v.get(), x + label_w, y);
    double h = std::max(Height(l.get()), Height(v.get()));
    SetColor(kRule);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, x + label_w, y + h + 2);
    cairo_line_to(cr_, x + label_w + value_w, y + h + 2);
    cairo_stroke(cr_);
    y += h + 14;
  }
  double by = kPageHeight - 170;
  for (const auto& line : b.bottom) {
    auto l = Layout(line, {13, false, true, Align::kCenter}, kContentWidth);
    Show(l.get(), Left(), by);
    by += Height(l.get()) + 6;
  }
  Rect(0, kPageHeight - 14, kPageWidth, 14, kAccent, false);
  NewPage();
}

void PageWriter::Draw(const Heading& b) {
  const double size = b.level <= 1 ? 15 : b.level == 2 ? 12.5 : 11;
  auto l = Layout(b.text, {size, true, b.level <= 1}, kContentWidth);
  double h = Height(l.get());
  double before = b.level <= 1 ? 14 : 8;
  Ensure(before + h + 60);  // never the last thing on a page
  if (y_ > kMargin) y_ += before;
  Show(l.get(), Left(), y_, b.level <= 2 ? kAccent : kInk);
  y_ += h + 2;
  if (b.level <= 1) {
    SetColor(kAccent);
    cairo_set_line_width(cr_, 1.0);
    cairo_move_to(cr_, Left(), y_);
    cairo_line_to(cr_, kPageWidth - kMargin, y_);
    cairo_stroke(cr_);
    y_ += 4;
  }
  y_ += 4;
}

void PageWriter::Draw(const Paragraph& b) {
  auto l = Layout(b.text, {b.size, b.bold, false, b.align}, kContentWidth);
  // Line by line, so that a long paragraph splits between lines.
  PangoLayoutIter* it = pango_layout_get_iter(l.get());
  SetColor(b.muted ? kMuted : kInk);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    const double h = static_cast<double>(logical.height) / PANGO_SCALE;
    Ensure(h);
    const double baseline = static_cast<double>(pango_layout_iter_get_baseline(it) - logical.y);
    SetColor(b.muted ? kMuted : kInk);
    cairo_move_to(cr_, Left() + static_cast<double>(logical.x) / PANGO_SCALE,
                  y_ + baseline / PANGO_SCALE);
    pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
    y_ += h;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  y_ += 5;
}

void PageWriter::Draw(const KeyValues& b) {
  double total = 0;
  std::vector<std::pair<LayoutPtr, LayoutPtr>> rows;
  for (const auto& [k, v] : b.rows) {
    auto kl = Layout(k, {10.5, true}, b.label_width - 6);
    auto vl = Layout(v, {10.5}, kContentWidth - b.label_width);
    total += std::max(Height(kl.get()), Height(vl.get())) + 3;
    rows.emplace_back(std::move(kl), std::move(vl));
  }
  Ensure(total);
  for (auto& [kl, vl] : rows) {
    Show(kl.get(), Left(), y_, kMuted);
    Show(vl.get(), Left() + b.label_width, y_);
    y_ += std::max(Height(kl.get()), Height(vl.get())) + 3;
  }
  y_ += 5;
}

// One row of a table: its height, drawn at y_ when `draw`.
double PageWriter::TableRow(const Table& t, const std::vector<double>& widths,
                            const std::vector<std::string>& cells, bool header, bool draw) {
  constexpr double kPad = 4;
  std::vector<LayoutPtr> layouts;
  double h = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    Align a = header ? Align::kCenter : (t.align.empty() ? Align::kLeft : t.align[i]);
    layouts.push_back(Layout(cells[i], {t.size, header, false, a}, widths[i] - 2 * kPad));
    h = std::max(h, Height(layouts.back().get()));
  }
  h += 2 * kPad;
  if (!draw) return h;
  double x = Left();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    Rect(x, y_, widths[i], h, header ? std::optional<Rgb>(kHeaderFill) : std::nullopt, true);
    Show(layouts[i].get(), x + kPad, y_ + kPad);
    x += widths[i];
  }
  return h;
}

void PageWriter::Draw(const Table& t) {
  const double sum = std::accumulate(t.widths.begin(), t.widths.end(), 0.0);
  std::vector<double> widths;
  for (double w : t.widths) widths.push_back(w / sum * kContentWidth);
  const double header_h = TableRow(t, widths, t.header, true, false);
  double first = t.rows.empty() ? 0 : TableRow(t, widths, t.rows.front(), false, false);
  Ensure(header_h + first);
  y_ += TableRow(t, widths, t.header, true, true);
  for (const auto& row : t.rows) {
    double h = TableRow(t, widths, row, false, false);
    if (y_ + h > Bottom()) {
      NewPage();
      y_ += TableRow(t, widths, t.header, true, true);
    }
    y_ += TableRow(t, widths, row, false, true);
  }
  y_ += 8;
}

void PageWriter::Draw(const Spacer& b) {
  y_ += b.height;
  if (y_ > Bottom()) NewPage();
}

void PageWriter::Draw(const PageBreak&) {
  if (y_ > kMargin) NewPage();
}

}  // namespace internal

namespace {

Status Validate(const Table& t) {
  if (t.header.empty()) return Error::Invalid("a table needs a header", 0, "header");
  if (t.widths.size() != t.header.size()) {
    return Error::Invalid("a table needs one width per column", 0, "widths");
  }
  if (!t.align.empty() && t.align.size() != t.header.size()) {
    return Error::Invalid("a table needs one alignment per column", 0, "align");
  }
  for (double w : t.widths) {
    if (!(w > 0)) return Error::Invalid("a table's widths must be positive", 0, "widths");
  }
  for (const auto& r : t.rows) {
    if (r.size() != t.header.size()) {
      return Error::Invalid("a table row needs one cell per column", 0, "rows");
    }
  }
  return {};
}

Status Validate(const Chart& c) {
  if (c.categories.empty() || c.series.empty()) {
    return Error::Invalid("a chart needs categories and series", 0, "chart");
  }
  for (const auto& s : c.series) {
    if (s.values.size() != c.categories.size()) {
      return Error::Invalid("a chart series needs one value per category", 0, "chart");
    }
  }
  return {};
}

Status Validate(const Block& b) {
  if (auto* t = std::get_if<Table>(&b)) return Validate(*t);
  if (auto* c = std::get_if<Chart>(&b)) return Validate(*c);
  if (auto* g = std::get_if<Grid>(&b)) return internal::CheckGrid(*g);
  return {};
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// One pass: the pages it took; the bytes in `out`.
Result<int> Pass(const Document& doc, int total, std::string& out) {
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.info.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, doc.info.author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, doc.info.subject.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "aftercare");
  if (!doc.info.created.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   doc.info.created.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, doc.info.created.c_str());
  }
  cairo_t* cr = cairo_create(surface);
  internal::PageWriter w(cr, doc.footer, total);
  w.Begin();
  for (const Block& b : doc.blocks) {
    std::visit([&](const auto& block) { w.Draw(block); }, b);
  }
  w.Finish();
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    return Error::Io(std::string("the PDF could not be drawn: ") + cairo_status_to_string(st));
  }
  return w.pages();
}

}  // namespace

Result<std::string> Render(const Document& doc) {
  for (const Block& b : doc.blocks) AFTERCARE_RETURN_IF_ERROR(Validate(b));
  // First the pages are counted (the footer names the total), then drawn.
  std::string scratch;
  AFTERCARE_ASSIGN_OR_RETURN(int pages, Pass(doc, 0, scratch));
  std::string out;
  AFTERCARE_RETURN_IF_ERROR(Pass(doc, pages, out).status());
  return out;
}

Status RenderToFile(const Document& doc, const std::string& path) {
  AFTERCARE_ASSIGN_OR_RETURN(std::string bytes, Render(doc));
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.close();
  if (!f) return Error::Io("the PDF could not be written to " + path);
  return {};
}

}  // namespace aftercare::pdf
