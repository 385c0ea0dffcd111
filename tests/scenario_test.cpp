// Black-box tests of `aftercare sla replay` (SCENARIOS.md; CON-2, CON-3, CON-5,
// SLA-1..SLA-3). Each tests/scenarios/NAME.yaml runs through the real binary and
// its JSON is matched against NAME.expected.json:
//   objects: every expected key must match (extra keys allowed), except a ticket's
//            object under "tickets", whose metric keys must be exactly the expected;
//   arrays: same length, element by element; scalars: equal.
// Each tests/scenarios/bad/NAME.yaml starts with `# expect-error: LINE: KEYWORD`:
// the binary must exit 2, print nothing on stdout and exactly one stderr line
// starting `PATH:LINE:` that contains KEYWORD (case-insensitive).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the binary with `args`, feeding `input` on stdin.
Outcome Exec(const std::vector<std::string>& args, const std::string& input = "") {
  fs::path dir = fs::temp_directory_path() / ("aftercare-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path in = dir / "stdin", out = dir / "stdout", err = dir / "stderr";
  std::ofstream(in, std::ios::binary) << input;
  // A hang is a failure, and must not leave a spinning child behind.
  std::string cmd = std::string("timeout -s KILL 30 ") + AFTERCARE_BINARY;
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " <'" + in.string() + "' >'" + out.string() + "' 2>'" + err.string() + "'";
  int rc = std::system(cmd.c_str());
  Outcome r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

std::vector<fs::path> Files(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string TestName(const fs::path& p) {
  std::string s = p.stem().string();
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

// Appends to `why` every place where `actual` does not match `expected`.
void Match(const json& expected, const json& actual, const std::string& path, bool exact_keys,
           std::vector<std::string>& why) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      why.push_back(path + ": expected an object, got " + actual.dump());
      return;
    }
    for (const auto& [k, v] : expected.items()) {
      if (!actual.contains(k)) {
        why.push_back(path + "." + k + ": missing");
        continue;
      }
      bool ticket = path == "$.tickets";
      Match(v, actual.at(k), path + "." + k, ticket, why);
    }
    if (exact_keys) {
      for (const auto& [k, v] : actual.items()) {
        if (!expected.contains(k))
          why.push_back(path + "." + k + ": not expected, got " + v.dump());
      }
    }
  } else if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      why.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
      return;
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      Match(expected[i], actual[i], path + "[" + std::to_string(i) + "]", false, why);
    }
  } else if (expected != actual) {
    why.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
  }
}

class Scenario : public testing::TestWithParam<fs::path> {};

TEST_P(Scenario, MatchesExpectedResult) {
  const fs::path& file = GetParam();
  fs::path expected_file = file;
  expected_file.replace_extension(".expected.json");
  ASSERT_TRUE(fs::exists(expected_file)) << "no " << expected_file;
  json expected = json::parse(Slurp(expected_file));
  Outcome r = Exec({"sla", "replay", file.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json actual = json::parse(r.out);
  std::vector<std::string> why;
  Match(expected, actual, "$", false, why);
  std::string all;
  for (const auto& w : why) all += "  " + w + "\n";
  EXPECT_TRUE(why.empty()) << file.filename() << " differs:\n"
                           << all << "actual:\n"
                           << actual.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Library, Scenario, testing::ValuesIn(Files(AFTERCARE_SCENARIOS)),
                         [](const auto& info) { return TestName(info.param); });

class BadScenario : public testing::TestWithParam<fs::path> {};

TEST_P(BadScenario, IsRejectedWithItsLine) {
  const fs::path& file = GetParam();
  std::string first;
  std::getline(std::ifstream(file) >> std::ws, first);
  const std::string tag = "# expect-error: ";
  ASSERT_EQ(first.rfind(tag, 0), 0u) << "first line must be `" << tag << "LINE: KEYWORD`";
  std::string spec = first.substr(tag.size());
  auto colon = spec.find(": ");
  ASSERT_NE(colon, std::string::npos);
  std::string line = spec.substr(0, colon), keyword = spec.substr(colon + 2);

  Outcome r = Exec({"sla", "replay", file.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind(file.string() + ":" + line + ": ", 0), 0u) << r.err;
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  EXPECT_NE(lower(r.err).find(lower(keyword)), std::string::npos)
      << "error does not mention `" << keyword << "`: " << r.err;
}

INSTANTIATE_TEST_SUITE_P(Library, BadScenario,
                         testing::ValuesIn(Files(fs::path(AFTERCARE_SCENARIOS) / "bad")),
                         [](const auto& info) { return TestName(info.param); });

TEST(Replay, ReadsStandardInputWhenFileIsDash) {
  fs::path file = fs::path(AFTERCARE_EXAMPLES) / "smallest.yaml";
  Outcome from_file = Exec({"sla", "replay", file.string()});
  Outcome from_stdin = Exec({"sla", "replay", "-"}, Slurp(file));
  ASSERT_EQ(from_stdin.status, 0) << from_stdin.err;
  EXPECT_EQ(json::parse(from_stdin.out), json::parse(from_file.out));
}

TEST(Replay, BadStandardInputIsNamedDash) {
  Outcome r = Exec({"sla", "replay", "-"}, "as_of: 2026-03-02T12:00:00+08:00\nfoo: 1\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("-:", 0), 0u) << r.err;
}

TEST(Replay, UnreadableFileNamesTheFile) {
  Outcome r = Exec({"sla", "replay", "/nonexistent/scenario.yaml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("/nonexistent/scenario.yaml: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("No such file"), std::string::npos) << r.err;
}

TEST(Replay, DirectoryIsUnreadable) {
  Outcome r = Exec({"sla", "replay", "/"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("/: ", 0), 0u) << r.err;
}

TEST(Replay, EmptyFileIsBadInput) {
  Outcome r = Exec({"sla", "replay", "-"}, "");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(Replay, ShippedExamplesRun) {
  for (const fs::path& f : Files(AFTERCARE_EXAMPLES)) {
    Outcome r = Exec({"sla", "replay", f.string()});
    EXPECT_EQ(r.status, 0) << f << ": " << r.err;
    EXPECT_NO_THROW(json::parse(r.out)) << f;
  }
}

}  // namespace
