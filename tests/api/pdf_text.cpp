#include "pdf_text.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

namespace aftercare::apitest {
namespace {

std::string Run(const std::string& cmd) {
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

}  // namespace

PdfFacts ReadPdf(const std::string& bytes) {
  namespace fs = std::filesystem;
  const fs::path path =
      fs::temp_directory_path() / ("aftercare-pdf-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(std::rand()) + ".pdf");
  std::ofstream(path, std::ios::binary) << bytes;
  PdfFacts f;
  f.info = Run("pdfinfo -f 1 -l 1000 '" + path.string() + "' 2>&1");
  std::smatch m;
  if (std::regex_search(f.info, m, std::regex("Pages:\\s+(\\d+)"))) {
    f.opened = true;
    f.pages = std::stoi(m[1]);
  }
  int a4 = 0;
  const std::regex size("Page\\s+\\d+ size:\\s+([0-9.]+) x ([0-9.]+) pts");
  for (auto it = std::sregex_iterator(f.info.begin(), f.info.end(), size);
       it != std::sregex_iterator(); ++it) {
    const double w = std::stod((*it)[1]), h = std::stod((*it)[2]);
    if (w > 594.5 && w < 596 && h > 841 && h < 842.5) ++a4;
  }
  f.a4 = f.opened && a4 == f.pages;
  f.text = Run("pdftotext -layout '" + path.string() + "' - 2>&1");
  fs::remove(path);
  return f;
}

bool HavePoppler() {
  return std::system("command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1") ==
         0;
}

}  // namespace aftercare::apitest
