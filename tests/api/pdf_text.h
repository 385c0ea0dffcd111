// What a black-box test reads of a PDF the server answered: its text and page
// facts from poppler-utils (pdftotext, pdfinfo), as a user's viewer would.
#pragma once

#include <string>

namespace aftercare::apitest {

struct PdfFacts {
  bool opened = false;  // pdfinfo read it
  int pages = 0;
  bool a4 = false;      // every page 595 x 842 pt (A4 portrait)
  std::string text;     // pdftotext -layout
  std::string info;     // pdfinfo's output, for failure messages
};

// Writes `bytes` to a temporary file and reads it with pdfinfo and pdftotext.
PdfFacts ReadPdf(const std::string& bytes);

// Whether poppler-utils' pdfinfo and pdftotext are on the PATH (scripts/setup.sh
// test installs them).
bool HavePoppler();

}  // namespace aftercare::apitest
