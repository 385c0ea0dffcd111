// The table writer in process (issue 13 point 5): CSV's BOM, RFC 4180 quoting and
// line ends, money as yuan, local times, formulas neutralised, and a row count.
// The XLSX side and the exports' rules are tested through the API
// (tests/api/exports_test.cpp), where the file is unzipped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "service/exports/table_writer.h"

namespace aftercare::service {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class TableWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/aftercare-table-XXXXXX";
    int fd = ::mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    ::close(fd);
    path_ = tmpl;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_F(TableWriterTest, CsvHasABomQuotesFieldsAndShowsYuanAndLocalTimes) {
  auto w = OpenTableWriter(ExportFormat::kCsv, path_,
                           {{"编号", ColumnType::kText},
                            {"Count", ColumnType::kInteger},
                            {"Penalty", ColumnType::kMoney},
                            {"At", ColumnType::kInstant},
                            {"Note", ColumnType::kText}},
                           "Sheet");
  ASSERT_TRUE(w.ok()) << w.error().message;
  const TimeZone& shanghai = DefaultZone();
  Instant t = shanghai.ToInstant(MakeDate(2026, 2, 23), 9 * 3600 + 5 * 60 + 7);
  std::vector<Cell> row = {std::string("TK-1"), std::int64_t{-3}, std::int64_t{123456789},
                           ToLocal(t, shanghai), std::string("a \"b\", c\nd")};
  ASSERT_TRUE((*w)->Row(row).ok());
  std::vector<Cell> formulas = {std::string("=1+2"), Cell(), std::int64_t{-5}, Cell(),
                                std::string("@SUM(A1)")};
  ASSERT_TRUE((*w)->Row(formulas).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  EXPECT_EQ((*w)->rows(), 2);
  EXPECT_EQ(ReadAll(path_),
            "\xEF\xBB\xBF编号,Count,Penalty,At,Note\r\n"
            "TK-1,-3,1234567.89,2026-02-23 09:05:07,\"a \"\"b\"\", c\nd\"\r\n"
            "'=1+2,,-0.05,,'@SUM(A1)\r\n");
}

TEST(TableWriter, FormulaCharactersGetAnApostropheOthersDoNot) {
  for (std::string s : {"=A1", "+1", "-1", "@x", "\tx"}) EXPECT_EQ(NeutraliseFormula(s), "'" + s);
  for (std::string s : {"", "TK-1", "a=b", "工单"}) EXPECT_EQ(NeutraliseFormula(s), s);
}

TEST(TableWriter, LocalTimesBeforeTheEpochAndFormats) {
  EXPECT_EQ(FormatLocalTime(LocalTime{-1}), "1969-12-31 23:59:59");
  EXPECT_EQ(FormatLocalTime(LocalTime{86400 + 3661}), "1970-01-02 01:01:01");
  EXPECT_EQ(ParseExportFormat("xlsx"), ExportFormat::kXlsx);
  EXPECT_EQ(ParseExportFormat("csv"), ExportFormat::kCsv);
  EXPECT_FALSE(ParseExportFormat("XLSX").has_value());
  EXPECT_FALSE(ParseExportFormat("").has_value());
}

TEST_F(TableWriterTest, AnUnwritableFileIsAnIoError) {
  auto w = OpenTableWriter(ExportFormat::kCsv, "/nonexistent-dir/x.csv", {{"A", ColumnType::kText}},
                           "Sheet");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace aftercare::service
