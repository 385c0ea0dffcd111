#include "cli/replay_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "cli/text_file.h"
#include "sla/result_writer.h"
#include "sla/scenario_reader.h"

namespace aftercare::cli {
namespace {

// Error messages stay on one line even when they quote the input.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

int RunReplay(const std::string& path) {
  std::string text, problem;
  if (!ReadAll(path, text, problem)) {
    std::cerr << path << ": " << problem << "\n";
    return kExitBadInput;
  }
  auto scenario = sla::ReadScenario(text, sla::DefaultShipped());
  if (!scenario.ok()) {
    const Error& e = scenario.error();
    std::cerr << path;
    if (e.line > 0) std::cerr << ":" << e.line;
    std::cerr << ": " << OneLine(e.message) << "\n";
    return kExitBadInput;
  }
  sla::Evaluation result = sla::Evaluate(scenario->input);
  std::string json = sla::ResultJson(scenario->input, result).dump(2);
  json.push_back('\n');
  std::fwrite(json.data(), 1, json.size(), stdout);
  if (std::fflush(stdout) != 0) {
    std::cerr << "aftercare: cannot write the result: " << std::strerror(errno) << "\n";
    return 1;
  }
  return 0;
}

}  // namespace aftercare::cli
