// Fuzzes the scenario reader with arbitrary bytes; whatever it accepts is evaluated
// and written, so the engine and writer are fuzzed on valid inputs too. Any crash,
// sanitizer report, or an input slower than libFuzzer's -timeout is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sla/result_writer.h"
#include "sla/scenario_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto scenario = aftercare::sla::ReadScenario(text, aftercare::sla::DefaultShipped());
  if (!scenario.ok()) {
    // Every rejection names its problem on one line.
    if (scenario.error().message.empty()) __builtin_trap();
    return 0;
  }
  auto result = aftercare::sla::Evaluate(scenario->input);
  auto json = aftercare::sla::ResultJson(scenario->input, result).dump();
  if (json.empty()) __builtin_trap();
  return 0;
}
