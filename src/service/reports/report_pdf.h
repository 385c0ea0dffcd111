// The PDFs of the reports (OPS-2 《系统健康检查报告》, OPS-5 《系统运行质量评估报告》):
// a pdf::Document built from a report's stored figures (figures.h's JSON) and, for
// the assessment, its inputs (the exchange visit's findings and the vendor's
// recommendations). In Chinese, the reports' language. The same figures, inputs
// and heading give the same bytes (the heading's date is the PDF's date).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"
#include "service/exports/exports.h"
#include "pdf/pdf.h"

namespace aftercare::service::reports {

struct ReportHeading {
  std::string kind;  // health_check | assessment
  std::string customer_name, contract_number, contract_title;
  std::string date;  // YYYY-MM-DD: the day it was generated, printed on the cover
};

// The terms of the UI (an SLA metric's name) and the catalogue's words (a ticket
// type's name), in Chinese.
using ReportWords = ExportWords;

pdf::Document HealthCheckDocument(const ReportHeading& h, const nlohmann::json& figures,
                                  const ReportWords& words);
pdf::Document AssessmentDocument(const ReportHeading& h, const nlohmann::json& figures,
                                 const nlohmann::json& inputs, const ReportWords& words);

// The report's PDF bytes for its kind.
Result<std::string> RenderReport(const ReportHeading& h, const nlohmann::json& figures,
                                 const nlohmann::json& inputs, const ReportWords& words);

}  // namespace aftercare::service::reports
