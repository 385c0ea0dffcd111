// Printable documents (OPS-2, OPS-5 reports; TKT-2, TKT-5 printed forms): a small
// document model and its renderer, cairo's PDF surface with pangocairo. Pure
// rendering: no database, no clock, no I/O except RenderToFile's one write.
//
// The contract:
// - Page: A4 portrait, 595.28 x 841.89 pt, margins kMargin (left, right, top) and
//   kBottomMargin (the footer sits inside it). Lengths are PDF points (1/72 in).
// - Fonts: kSans "Noto Sans CJK SC" for text, kSerif "Noto Serif CJK SC" for the
//   cover's and headings' titles (Debian's fonts-noto-cjk; fontconfig finds them).
//   Text is UTF-8 and wrapped by pango (Chinese breaks between any two characters).
// - Blocks flow from the top of the page down; a block that does not fit the rest
//   of the page starts a new one. A paragraph splits between lines; a table between
//   rows, its header repeated on the new page; a Grid (a form) between rows that no
//   span crosses; a chart, a key-value block or a heading with its next line never
//   splits (a heading never ends a page).
// - Every page but the cover gets the footer: `Document::footer` on the left and
//   "第 N 页 / 共 M 页" (N of M pages) centred. The cover counts as page 1.
// - Deterministic: the same Document gives the same bytes. The PDF's creation and
//   modification dates are `DocumentInfo::created` (never the clock); title, author
//   and subject go into the PDF's metadata.
// - Errors: kInvalid naming what is wrong (a table row with the wrong number of
//   cells, a grid cell outside the grid or overlapping another, an empty chart,
//   widths that do not add up); kIo when cairo fails or the file cannot be written.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"

namespace aftercare::pdf {

inline constexpr double kPageWidth = 595.28;   // A4, points
inline constexpr double kPageHeight = 841.89;  // A4, points
inline constexpr double kMargin = 56.0;        // left, right and top
inline constexpr double kBottomMargin = 64.0;  // the footer inside it
inline constexpr double kContentWidth = kPageWidth - 2 * kMargin;
inline constexpr const char* kSans = "Noto Sans CJK SC";
inline constexpr const char* kSerif = "Noto Serif CJK SC";

struct DocumentInfo {
  std::string title = {}, author = {}, subject = {};
  // "YYYY-MM-DDThh:mm:ss" (optionally with "Z" or "+08:00"): the PDF's creation
  // and modification dates; empty leaves them out. Never the clock: the same
  // input gives the same bytes.
  std::string created = {};
};

enum class Align { kLeft, kCenter, kRight };

// The first page: a large serif title, a subtitle, the key-value lines (customer,
// contract, period...) and at the bottom the issuer's lines; the next block starts
// on page 2. No footer on it.
struct Cover {
  std::string title = {}, subtitle = {};
  std::vector<std::pair<std::string, std::string>> lines = {};
  std::vector<std::string> bottom = {};  // e.g. the vendor's name and the date
};

// Level 1: a section ("一、故障统计"), level 2: a subsection, level 3: a bold line.
struct Heading {
  std::string text = {};
  int level = 1;
};

struct Paragraph {
  std::string text = {};
  double size = 10.5;  // points
  bool bold = false;
  Align align = Align::kLeft;
  bool muted = false;  // grey, e.g. a note under a table
};

// Label: value lines in two columns (the label column `label_width` points).
struct KeyValues {
  std::vector<std::pair<std::string, std::string>> rows = {};
  double label_width = 110;
};

// A table with a header row. `widths`: one per column, relative (they are scaled
// to the content width); `align`: one per column or empty (all left). Rows split
// across pages, the header repeated. `size`: the text's points.
struct Table {
  std::vector<std::string> header = {};
  std::vector<double> widths = {};
  std::vector<Align> align = {};
  std::vector<std::vector<std::string>> rows = {};
  double size = 9.5;
};

// A bordered grid of cells, for printed forms: `widths` relative, one per column;
// `heights` one per row, the row's least height in points (a row grows to fit its
// cells' text). Each cell sits at (row, col) and spans row_span x col_span; cells
// must not overlap; a grid position no cell covers is left blank, with borders.
struct Check {
  std::string label = {};
  bool checked = false;
};
struct GridCell {
  int row = 0, col = 0, row_span = 1, col_span = 1;
  std::string text = {};
  Align align = Align::kLeft;
  bool bold = false;
  bool shaded = false;        // a label cell's light grey background
  std::vector<Check> checks = {};  // drawn after the text: a box (ticked when checked) and its label
  double size = 10;
};
struct Grid {
  std::vector<double> widths = {};
  std::vector<double> heights = {};
  std::vector<GridCell> cells = {};
};

// Charts over categories (months, types): one value per category per series.
// Bar: grouped bars; line: one line per series with markers. `y_max`: the axis'
// top (e.g. 100 for percentages); none: from the data.
struct Series {
  std::string name = {};
  std::vector<double> values = {};
};
struct Chart {
  enum class Kind { kBar, kLine } kind = Kind::kBar;
  std::string title = {}, y_label = {};
  std::vector<std::string> categories = {};
  std::vector<Series> series = {};
  std::optional<double> y_max = {};
  double height = 200;
};

struct Spacer {
  double height = 8;
};
struct PageBreak {};

using Block =
    std::variant<Cover, Heading, Paragraph, KeyValues, Table, Grid, Chart, Spacer, PageBreak>;

struct Document {
  DocumentInfo info = {};
  std::string footer = {};  // left of the page number, e.g. the report's title
  std::vector<Block> blocks = {};
};

// The PDF's bytes.
Result<std::string> Render(const Document& doc);
// Renders and writes `path` (replacing it).
Status RenderToFile(const Document& doc, const std::string& path);

}  // namespace aftercare::pdf
