#include "pdf/pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace aftercare::pdf {
namespace {

Document Sample(int rows) {
  Document d;
  d.info = {"系统健康检查报告", "测试厂商", "测试", "2024-07-01T00:00:00+08:00"};
  d.footer = "系统健康检查报告";
  d.blocks.push_back(Cover{"系统健康检查报告", "2024 年上半年", {{"客户", "第一人民医院"}},
                           {"测试厂商", "2024 年 7 月 1 日"}});
  d.blocks.push_back(Heading{"一、故障统计", 1});
  d.blocks.push_back(Paragraph{"本期共受理工单 123 张，其中故障 100 张。"});
  d.blocks.push_back(KeyValues{{{"合同", "HT-2024-001"}, {"期间", "2024-01-01 至 2024-06-30"}}});
  Table t{{"月份", "工单数"}, {2, 1}, {Align::kLeft, Align::kRight}, {}};
  for (int i = 0; i < rows; ++i) t.rows.push_back({"第 " + std::to_string(i) + " 行", "42"});
  d.blocks.push_back(t);
  Chart bars{Chart::Kind::kBar, "每月工单", "张", {"1月", "2月"}, {{"故障", {3, 5}}, {"咨询", {1, 0}}}};
  d.blocks.push_back(bars);
  Chart line = bars;
  line.kind = Chart::Kind::kLine;
  line.y_max = 100;
  d.blocks.push_back(line);
  Grid g{{1, 2, 1, 2}, {24, 24, 40}, {}};
  g.cells.push_back({0, 0, 1, 1, "客户名称", Align::kLeft, true, true});
  g.cells.push_back({0, 1, 1, 3, "第一人民医院"});
  g.cells.push_back({1, 0, 2, 1, "问题类型", Align::kLeft, true, true});
  GridCell checks{1, 1, 1, 3};
  checks.checks = {{"故障", true}, {"咨询", false}};
  g.cells.push_back(checks);
  d.blocks.push_back(g);
  return d;
}

int Pages(const std::string& pdf) {
  std::regex page(R"(/Type\s*/Page[^s])");
  return static_cast<int>(std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page),
                                        std::sregex_iterator()));
}

TEST(Pdf, RendersAPdfWithACoverAndPagesThatGrowWithTheRows) {
  auto small = Render(Sample(3));
  ASSERT_TRUE(small.ok()) << small.error().message;
  EXPECT_EQ(small->rfind("%PDF-", 0), 0u);
  EXPECT_EQ(Pages(*small), 3);  // the cover, the text and table, the charts and grid
  auto large = Render(Sample(200));  // the table splits across pages
  ASSERT_TRUE(large.ok());
  EXPECT_GT(Pages(*large), 6);
  EXPECT_NE(large->find("/MediaBox [ 0 0 595.28 841.89 ]"), std::string::npos);
}

TEST(Pdf, TheSameDocumentGivesTheSameBytes) {
  auto a = Render(Sample(40));
  auto b = Render(Sample(40));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(a->find("(20240701"), std::string::npos);  // the given date, not the clock
}

TEST(Pdf, RefusesMalformedBlocks) {
  Document d;
  d.blocks.push_back(Table{{"a", "b"}, {1, 1}, {}, {{"only one"}}});
  EXPECT_EQ(Render(d).error().message, "a table row needs one cell per column");
  Document g;
  Grid grid{{1, 1}, {20}, {{0, 0, 1, 2, "x"}, {0, 1, 1, 1, "y"}}};
  g.blocks.push_back(grid);
  EXPECT_EQ(Render(g).error().message, "grid cells overlap");
  Document c;
  c.blocks.push_back(Chart{Chart::Kind::kBar, "t", "", {"a"}, {{"s", {1, 2}}}});
  EXPECT_EQ(Render(c).error().message, "a chart series needs one value per category");
}

// The text is real text in the Noto CJK font: pdftotext (poppler-utils) reads the
// Chinese back, and the footer's page numbers.
TEST(Pdf, ChineseTextIsExtractable) {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "pdftotext (poppler-utils) is not installed: scripts/setup.sh test installs it";
  }
  auto dir = std::filesystem::temp_directory_path() / ("pdf_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(RenderToFile(Sample(3), (dir / "a.pdf").string()).ok());
  std::string cmd = "pdftotext -enc UTF-8 " + (dir / "a.pdf").string() + " " +
                    (dir / "a.txt").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream f(dir / "a.txt");
  std::stringstream text;
  text << f.rdbuf();
  std::filesystem::remove_all(dir);
  EXPECT_NE(text.str().find("系统健康检查报告"), std::string::npos);
  EXPECT_NE(text.str().find("第一人民医院"), std::string::npos);
  // pdftotext joins "/" to the next word: "第 2 页 /共 3 页".
  EXPECT_NE(text.str().find("第 2 页 /"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("共 3 页"), std::string::npos) << text.str();
}

}  // namespace
}  // namespace aftercare::pdf
