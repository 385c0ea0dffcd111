#include "cli/replay_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "sla/result_writer.h"
#include "sla/scenario_reader.h"

namespace aftercare::cli {
namespace {

bool ReadAll(const std::string& path, std::string& out, std::string& problem) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    problem = std::string("cannot read the file: ") + std::strerror(errno);
    return false;
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool failed = std::ferror(f) != 0;
  int err = errno;
  if (f != stdin) std::fclose(f);
  if (failed) {
    problem = std::string("cannot read the file: ") + std::strerror(err);
    return false;
  }
  return true;
}

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
