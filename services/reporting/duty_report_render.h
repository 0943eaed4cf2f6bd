#pragma once
// The annual duty report (代表年度履职报告) as people read it: the structured year the
// representatives service returns (EvaluationService.GetAnnualDutyReport), rendered as a
// Markdown document in Chinese for the deputy's electoral unit. Pure: no gRPC, no Redis.

#include <string>

#include "renda/representatives/v1/evaluation.pb.h"

namespace renda::reporting {

// The document's title, e.g. "王建国代表2026年度履职报告".
std::string DutyReportTitle(const renda::representatives::v1::AnnualDutyReport& report);

// The whole document: profile, attendance, records by type, the score with every record that
// counted, suggestions and bills, visits received, station receptions. Sections with nothing to
// say say so ("本年度无"), so a reader can tell "none" from "missing".
std::string RenderDutyReportMarkdown(const renda::representatives::v1::AnnualDutyReport& report);

// The Chinese name of a duty record type, e.g. 进站接待.
std::string DutyTypeLabel(renda::representatives::v1::DutyRecordType type);

}  // namespace renda::reporting
