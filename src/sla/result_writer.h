// The result writer: a typed Evaluation -> the JSON of SCENARIOS.md "Output".
// Pure, shared by `aftercare sla replay`, the server and the fuzzer. Times carry
// the contract time zone's offset; tickets in input order, metrics in policy order.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sla/engine.h"

namespace aftercare::sla {

nlohmann::ordered_json ResultJson(const EvaluationInput& input, const Evaluation& result);

}  // namespace aftercare::sla
