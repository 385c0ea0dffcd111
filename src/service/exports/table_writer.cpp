#include "service/exports/table_writer.h"

#include <xlsxwriter.h>

#include <cstdio>

#include "core/money.h"

namespace aftercare::service {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";
// Excel's serial date of 1970-01-01 (day 0 is 1899-12-30).
constexpr double kExcelEpochDays = 25569.0;

Error WriteFailed(const std::string& path) {
  return Error::Io("the export could not be written", path);
}

class CsvWriter : public TableWriter {
 public:
  CsvWriter(std::FILE* f, std::string path, std::vector<Column> columns)
      : file_(f), path_(std::move(path)), columns_(std::move(columns)) {
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
  }
  ~CsvWriter() override {
    if (file_) std::fclose(file_);
  }

  Status Header() {
    line_ = kBom;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i) line_ += ',';
      Quoted(NeutraliseFormula(columns_[i].title));
    }
    return Flush();
  }

  Status Row(std::span<const Cell> cells) override {
    line_.clear();
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i) line_ += ',';
      if (i < cells.size()) Field(columns_[i].type, cells[i]);
    }
    ++rows_;
    return Flush();
  }

  Status Finish() override {
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0) return WriteFailed(path_);
    return {};
  }

 private:
  void Field(ColumnType type, const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) {
      Quoted(NeutraliseFormula(*text));
    } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
      line_ += type == ColumnType::kMoney ? FormatYuan(*n) : std::to_string(*n);
    } else if (const auto* t = std::get_if<LocalTime>(&cell)) {
      line_ += FormatLocalTime(*t);
    }
  }

  // RFC 4180: quoted when it holds a comma, a quote or a line break.
  void Quoted(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
      line_ += text;
      return;
    }
    line_ += '"';
    for (char ch : text) {
      if (ch == '"') line_ += '"';
      line_ += ch;
    }
    line_ += '"';
  }

  Status Flush() {
    line_ += "\r\n";
    if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size()) {
      return WriteFailed(path_);
    }
    return {};
  }

  std::FILE* file_;
  std::string path_;
  std::vector<Column> columns_;
  std::string line_;
};

// At most this many bytes of text in a cell (Excel allows 32,767 characters).
constexpr std::size_t kMaxCellBytes = 32767;

// The text cut to at most kMaxCellBytes, at a UTF-8 character's start.
std::string_view CellText(std::string_view s) {
  if (s.size() <= kMaxCellBytes) return s;
  std::size_t n = kMaxCellBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

class XlsxWriter : public TableWriter {
 public:
  XlsxWriter(lxw_workbook* wb, std::string path, std::vector<Column> columns, std::string sheet)
      : wb_(wb), path_(std::move(path)), columns_(std::move(columns)), sheet_(std::move(sheet)) {
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
    money_ = workbook_add_format(wb_);
    format_set_num_format(money_, "#,##0.00");
    time_ = workbook_add_format(wb_);
    format_set_num_format(time_, "yyyy-mm-dd hh:mm:ss");
  }
  ~XlsxWriter() override {
    if (wb_) workbook_close(wb_);
  }

  // A worksheet holds at most LXW_ROW_MAX rows: the rows after go on the next one
  // ("Tickets (2)"), under the header again.
  Status NewSheet() {
    ++sheets_;
    std::string name = sheets_ == 1 ? sheet_ : sheet_ + " (" + std::to_string(sheets_) + ")";
    ws_ = workbook_add_worksheet(wb_, name.c_str());
    if (!ws_) return WriteFailed(path_);
    worksheet_freeze_panes(ws_, 1, 0);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      auto col = static_cast<lxw_col_t>(i);
      double width = columns_[i].type == ColumnType::kInstant ? 20
                     : columns_[i].type == ColumnType::kText  ? 18
                                                              : 12;
      worksheet_set_column(ws_, col, col, width, nullptr);
      if (worksheet_write_string(ws_, 0, col, std::string(CellText(columns_[i].title)).c_str(),
                                 bold_) != LXW_NO_ERROR) {
        return WriteFailed(path_);
      }
    }
    row_ = 1;
    return {};
  }

  Status Row(std::span<const Cell> cells) override {
    if (row_ >= LXW_ROW_MAX) AFTERCARE_RETURN_IF_ERROR(NewSheet());
    for (std::size_t i = 0; i < columns_.size() && i < cells.size(); ++i) {
      if (Write(static_cast<lxw_col_t>(i), columns_[i].type, cells[i]) != LXW_NO_ERROR) {
        return WriteFailed(path_);
      }
    }
    ++row_;
    ++rows_;
    return {};
  }

  Status Finish() override {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    if (workbook_close(wb) != LXW_NO_ERROR) return WriteFailed(path_);
    return {};
  }

 private:
  lxw_error Write(lxw_col_t col, ColumnType type, const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) {
      std::string safe = NeutraliseFormula(CellText(*text));
      return worksheet_write_string(ws_, row_, col, safe.c_str(), nullptr);
    }
    if (const auto* n = std::get_if<std::int64_t>(&cell)) {
      if (type == ColumnType::kMoney) {
        return worksheet_write_number(ws_, row_, col, static_cast<double>(*n) / 100.0, money_);
      }
      return worksheet_write_number(ws_, row_, col, static_cast<double>(*n), nullptr);
    }
    if (const auto* t = std::get_if<LocalTime>(&cell)) {
      double serial = static_cast<double>(t->seconds) / kSecondsPerDay + kExcelEpochDays;
      return worksheet_write_number(ws_, row_, col, serial, time_);
    }
    return LXW_NO_ERROR;
  }

  lxw_workbook* wb_;
  std::string path_;
  std::vector<Column> columns_;
  std::string sheet_;
  lxw_worksheet* ws_ = nullptr;
  lxw_format *bold_ = nullptr, *money_ = nullptr, *time_ = nullptr;
  lxw_row_t row_ = 0;
  int sheets_ = 0;
};

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "csv") return ExportFormat::kCsv;
  if (name == "xlsx") return ExportFormat::kXlsx;
  return std::nullopt;
}

std::string_view ExportFileExtension(ExportFormat f) {
  return f == ExportFormat::kCsv ? "csv" : "xlsx";
}

std::string_view ExportContentType(ExportFormat f) {
  return f == ExportFormat::kCsv
             ? "text/csv; charset=utf-8"
             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

LocalTime ToLocal(Instant t, const TimeZone& zone) { return LocalTime{t.unix + zone.OffsetAt(t)}; }

std::string FormatLocalTime(LocalTime t) {
  std::int64_t days = t.seconds / kSecondsPerDay;
  std::int64_t s = t.seconds % kSecondsPerDay;
  if (s < 0) {
    s += kSecondsPerDay;
    --days;
  }
  char hms[16];
  std::snprintf(hms, sizeof hms, " %02d:%02d:%02d", static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  return FormatDate(LocalDate{static_cast<std::int32_t>(days)}) + hms;
}

std::string NeutraliseFormula(std::string_view text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    return "'" + std::string(text);
  }
  return std::string(text);
}

Result<std::unique_ptr<TableWriter>> OpenTableWriter(ExportFormat format, const std::string& path,
                                                     std::vector<Column> columns,
                                                     std::string_view sheet) {
  if (format == ExportFormat::kCsv) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return WriteFailed(path);
    auto w = std::make_unique<CsvWriter>(f, path, std::move(columns));
    AFTERCARE_RETURN_IF_ERROR(w->Header());
    return std::unique_ptr<TableWriter>(std::move(w));
  }
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) return WriteFailed(path);
  auto w = std::make_unique<XlsxWriter>(wb, path, std::move(columns), std::string(sheet));
  AFTERCARE_RETURN_IF_ERROR(w->NewSheet());
  return std::unique_ptr<TableWriter>(std::move(w));
}

}  // namespace aftercare::service
