// One table written to a file as XLSX or CSV, a row at a time, so that an export's
// memory does not grow with its rows (issue 13 point 5; CON-2, CON-4, SLA-5).
//   - CSV: UTF-8 with a byte order mark (what Excel expects), CRLF line ends, RFC
//     4180 quoting (a field with a comma, a quote or a line break is quoted, its
//     quotes doubled); money as yuan ("1234.50"), instants as "YYYY-MM-DD HH:MM:SS".
//   - XLSX: libxlsxwriter in constant_memory mode (each row goes to disk as it is
//     written); integers and money are numbers (money in yuan with the number format
//     #,##0.00), instants are Excel date-time cells (yyyy-mm-dd hh:mm:ss); the
//     header row is bold and frozen.
// In both, a text cell starting with = + - or @ gets a leading apostrophe, so that
// a spreadsheet never runs what a customer typed as a formula.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace aftercare::service {

enum class ExportFormat { kCsv, kXlsx };
// "csv" or "xlsx"; nullopt for anything else.
std::optional<ExportFormat> ParseExportFormat(std::string_view name);
std::string_view ExportFileExtension(ExportFormat f);  // "csv", "xlsx"
std::string_view ExportContentType(ExportFormat f);

enum class ColumnType {
  kText,
  kInteger,
  kMoney,    // fen, shown as yuan
  kInstant,  // a LocalTime: shown as the local date and time of its zone
};

struct Column {
  std::string title;
  ColumnType type = ColumnType::kText;
};

// An instant as the wall clock of a zone shows it: seconds since 1970-01-01
// 00:00:00 local time.
struct LocalTime {
  std::int64_t seconds = 0;
};
LocalTime ToLocal(Instant t, const TimeZone& zone);
std::string FormatLocalTime(LocalTime t);  // "YYYY-MM-DD HH:MM:SS"

// A cell: empty, text, an integer (also money in fen) or a local time; its column
// says how a number is shown.
using Cell = std::variant<std::monostate, std::string, std::int64_t, LocalTime>;

// The text with a leading apostrophe when a spreadsheet would read it as a formula.
std::string NeutraliseFormula(std::string_view text);

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  // One row, a cell per column.
  virtual Status Row(std::span<const Cell> cells) = 0;
  // Completes the file (XLSX: writes the workbook); nothing may follow.
  virtual Status Finish() = 0;
  std::int64_t rows() const { return rows_; }

 protected:
  std::int64_t rows_ = 0;
};

// A writer of `path` (created or truncated) with the columns' titles as its first
// row; `sheet` names the XLSX worksheet (at most 24 characters, so that " (2)" fits
// on a second sheet when the rows outgrow one). Errors: kIo.
Result<std::unique_ptr<TableWriter>> OpenTableWriter(ExportFormat format, const std::string& path,
                                                     std::vector<Column> columns,
                                                     std::string_view sheet);

}  // namespace aftercare::service
