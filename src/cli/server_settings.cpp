#include "cli/server_settings.h"

#include <cctype>
#include <cstdlib>
#include <sstream>

#include "cli/text_file.h"
#include "sla/yaml_tree.h"

namespace aftercare::cli {
namespace {

constexpr char kConfigOption[] = "config";
constexpr char kHelpOption[] = "help";
// Settings whose value is a secret: never printed.
const std::set<std::string> kSecretKeys = {"metrics_token"};

std::string Key(const CLI::Option& opt) {
  std::string key = opt.get_single_name();
  for (char& c : key) {
    if (c == '-') c = '_';
  }
  return key;
}

std::string EnvName(const std::string& key) {
  std::string name = "AFTERCARE_";
  for (char c : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

bool IsSetting(const CLI::Option& opt) {
  return !opt.get_lnames().empty() && opt.get_single_name() != kConfigOption &&
         opt.get_single_name() != kHelpOption;
}

std::string JoinKeys(const std::set<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

struct FileValue {
  std::string text;
  int line = 0;
};

// The configuration file: a YAML map of known keys to single values.
Result<std::map<std::string, FileValue>> ReadConfigFile(const std::string& path,
                                                        const std::set<std::string>& keys) {
  std::string text, problem;
  if (!ReadAll(path, text, problem, kMaxConfigBytes)) {
    return Error::Invalid("configuration file " + path + ": " + problem);
  }
  auto doc = sla::ParseYaml(text);
  if (!doc.ok()) {
    return Error::Invalid("configuration file " + path + " line " +
                          std::to_string(doc.error().line) + ": " + doc.error().message);
  }
  std::map<std::string, FileValue> values;
  sla::YamlNode root = doc->root();
  if (root.IsNull()) return values;  // an empty file: every setting from elsewhere
  if (!root.IsMap()) {
    return Error::Invalid("configuration file " + path +
                          ": must be a map of settings (key: value), one a line");
  }
  for (const auto& entry : root) {
    const std::string where =
        "configuration file " + path + " line " + std::to_string(entry.first.line()) + ": ";
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    if (!keys.contains(key)) {
      return Error::Invalid(where + "unknown key '" + key + "' (the keys: " + JoinKeys(keys) + ")");
    }
    if (values.contains(key)) return Error::Invalid(where + "key '" + key + "' is given twice");
    if (!entry.second.IsScalar()) {
      return Error::Invalid(where + "key '" + key + "' must have a single value");
    }
    values[key] = FileValue{entry.second.Scalar(), entry.first.line()};
  }
  return values;
}

// Gives `opt` the value as if typed as its flag: its conversion and checks run.
Status Apply(CLI::Option& opt, const std::string& value, const std::string& where) {
  try {
    opt.add_result(value);
    opt.run_callback();
  } catch (const CLI::Error& e) {
    return Error::Invalid(where + ": bad value for " + Key(opt) + ": " + e.what());
  }
  return {};
}

}  // namespace

std::string RedactedDatabaseUrl(std::string url) {
  std::size_t scheme = url.find("://");
  std::size_t at = url.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    std::size_t colon = url.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) url.replace(colon + 1, at - colon - 1, "***");
  }
  for (std::size_t p = url.find("password="); p != std::string::npos;
       p = url.find("password=", p + 1)) {
    std::size_t end = url.find('&', p);
    url.replace(p + 9, (end == std::string::npos ? url.size() : end) - p - 9, "***");
  }
  return url;
}

ServerSettings::ServerSettings(const CLI::App& serve) {
  for (const CLI::Option* opt : serve.get_options()) {
    if (IsSetting(*opt)) keys_.insert(Key(*opt));
  }
}

void ServerSettings::AddConfigOption(CLI::App* cmd) {
  cmd->add_option(std::string("--") + kConfigOption, config_file_,
                  "configuration file (YAML: key: value, keys as the options with _ for -); "
                  "default: $" +
                      std::string(kConfigEnv) + ", else none");
}

Result<SettingSources> ServerSettings::Fill(CLI::App& cmd) const {
  std::string file = config_file_;
  if (file.empty()) {
    if (const char* env = std::getenv(kConfigEnv)) file = env;
  }
  std::map<std::string, FileValue> from_file;
  if (!file.empty()) {
    auto read = ReadConfigFile(file, keys_);
    if (!read.ok()) return read.error();
    from_file = std::move(*read);
  }
  SettingSources sources;
  for (CLI::Option* opt : cmd.get_options()) {
    if (!IsSetting(*opt) || !keys_.contains(Key(*opt))) continue;
    const std::string key = Key(*opt);
    const std::string env_name = EnvName(key);
    if (opt->count() > 0) {
      sources[key] = "command line";
    } else if (const char* env = std::getenv(env_name.c_str())) {
      sources[key] = "environment " + env_name;
      if (Status s = Apply(*opt, env, "environment " + env_name); !s.ok()) return s.error();
    } else if (auto it = from_file.find(key); it != from_file.end()) {
      sources[key] = file + " line " + std::to_string(it->second.line);
      const std::string where = "configuration file " + sources[key];
      if (Status s = Apply(*opt, it->second.text, where); !s.ok()) return s.error();
    } else {
      sources[key] = "default";
    }
  }
  return sources;
}

std::string ServerSettings::Describe(const CLI::App& cmd, const SettingSources& sources) {
  std::ostringstream out;
  for (const CLI::Option* opt : cmd.get_options()) {
    auto source = sources.find(Key(*opt));
    if (source == sources.end()) continue;
    std::string value;
    for (const auto& r : opt->results()) value += (value.empty() ? "" : " ") + r;
    if (opt->results().empty()) value = opt->get_default_str();
    if (opt->results().empty() && opt->get_expected_max() == 0) value = "false";  // a flag
    if (kSecretKeys.contains(source->first)) value = value.empty() ? "" : "(set)";
    if (source->first == "db") value = RedactedDatabaseUrl(value);
    out << source->first << ": " << (value.empty() ? "''" : value) << "  (" << source->second
        << ")\n";
  }
  return out.str();
}

}  // namespace aftercare::cli
