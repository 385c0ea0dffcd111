// Test helper: the UTC-offset transitions of a zone (or a POSIX TZ string) as the
// system's `zdump -v` reports them (libc-bin; glibc applies the TZif footer), so
// tests compare with an independent implementation at test time instead of a
// hard-coded copy of its output.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "core/time.h"

namespace aftercare::testing_zdump {

struct Transition {
  std::int64_t at = 0;  // the first second of the new offset
  Seconds before = 0, after = 0;
};

inline std::string ZdumpPath() {
  for (const char* p : {"/usr/sbin/zdump", "/usr/bin/zdump", "/sbin/zdump", "/bin/zdump"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return {};
}

// One `zdump -v` line: "ZONE  Sun Mar 28 00:59:59 2038 UT = Sun Mar 28 01:59:59 2038 CET
// isdst=0 gmtoff=3600". False for lines without a time (the NULL lines at the ends).
inline bool ParseLine(const std::string& line, std::int64_t& at, Seconds& gmtoff) {
  std::istringstream in(line);
  std::vector<std::string> w;
  for (std::string s; in >> s;) w.push_back(s);
  static const std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 5; i + 1 < w.size(); ++i) {
    if (w[i] != "UT" || w[i + 1] != "=") continue;
    unsigned month = 0;
    for (unsigned m = 0; m < 12; ++m) month = w[i - 4] == kMonths[m] ? m + 1 : month;
    int hh = 0, mm = 0, ss = 0;
    if (month == 0 || std::sscanf(w[i - 2].c_str(), "%d:%d:%d", &hh, &mm, &ss) != 3) return false;
    LocalDate d = MakeDate(std::stoi(w[i - 1]), month, static_cast<unsigned>(std::stoi(w[i - 3])));
    at = static_cast<std::int64_t>(d.days) * kSecondsPerDay + hh * 3600 + mm * 60 + ss;
    const std::string& last = w.back();
    if (last.rfind("gmtoff=", 0) != 0) return false;
    gmtoff = std::stoll(last.substr(7));
    return true;
  }
  return false;
}

// `zdump -v -c FROM,TO ZONE`: every transition from FROM-01-01 to before TO-01-01.
// Empty `error` on success.
inline std::vector<Transition> Zdump(const std::string& zone, int from, int to,
                                     std::string& error) {
  std::vector<Transition> out;
  std::string zdump = ZdumpPath();
  if (zdump.empty()) {
    error = "zdump not found (Debian package libc-bin)";
    return out;
  }
  std::string cmd =
      zdump + " -v -c " + std::to_string(from) + "," + std::to_string(to) + " '" + zone + "'";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    error = "cannot run " + cmd;
    return out;
  }
  std::string line;
  std::int64_t prev_at = 0;
  Seconds prev_off = 0;
  bool have_prev = false;
  for (int c; (c = std::fgetc(p)) != EOF;) {
    if (c != '\n') {
      line.push_back(static_cast<char>(c));
      continue;
    }
    std::int64_t at = 0;
    Seconds off = 0;
    if (ParseLine(line, at, off)) {
      // zdump -v prints each transition as its last old second and first new one.
      if (have_prev && at == prev_at + 1) out.push_back({at, prev_off, off});
      prev_at = at;
      prev_off = off;
      have_prev = true;
    }
    line.clear();
  }
  if (pclose(p) != 0) error = cmd + " failed";
  return out;
}

}  // namespace aftercare::testing_zdump
