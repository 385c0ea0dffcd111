// The scenario reader: scenario YAML text (SCENARIOS.md "Input") -> a validated,
// typed EvaluationInput. Pure (text in, value out) so the CLI, the server and the
// fuzzer share it. Validation covers the whole file before anything is evaluated.
//
// Errors: Error{kInvalidInput, message, line}, line 1-based (0 when the problem has
// no place, e.g. an empty file); a missing key is reported at its parent mapping's
// line. Every rule of SCENARIOS.md "Bad input" is an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sla/engine.h"
#include "sla/shipped.h"

namespace aftercare::sla {

struct Scenario {
  std::string name;
  EvaluationInput input;
};

Result<Scenario> ReadScenario(std::string_view yaml_text, const Shipped& shipped);

// A policy with the calendars its metrics use, compiled; calendars[0] is 24x7 in
// the contract's zone (Metric::calendar indexes this vector).
struct CompiledPolicy {
  Policy policy;
  std::vector<WorkCalendar> calendars;
};

// A stored policy (SLA-1): a YAML document holding the scenario format's `policy:`
// section and, optionally, its `calendars:` section. Same rules and errors as there.
Result<CompiledPolicy> ReadPolicyDocument(std::string_view yaml_text, const TimeZone& tz,
                                          const Shipped& shipped);
// A built-in policy by name (bid-default); kInvalidInput for an unknown name.
Result<CompiledPolicy> BuiltinPolicy(std::string_view name, const TimeZone& tz,
                                     const Shipped& shipped);

}  // namespace aftercare::sla
