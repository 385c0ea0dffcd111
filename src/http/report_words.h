// The words of the reports' PDFs (service/reports/report_pdf.h) in Chinese, the
// reports' language: the catalogues' entries and the UI's terms. For the reports'
// routes and the schedule's job (src/jobs/reports_jobs.cpp), which both link the
// catalogues.
#pragma once

#include "http/messages.h"
#include "service/reports/report_pdf.h"

namespace aftercare::http {

inline service::reports::ReportWords ChineseReportWords() {
  return {[](std::string_view key) {
            return TranslateMessage(key, Language::kZh).value_or(std::string(key));
          },
          [](messages::TermKind kind, std::string_view name) {
            return std::string(UiTerm(kind, name, Language::kZh).value_or(name));
          }};
}

}  // namespace aftercare::http
