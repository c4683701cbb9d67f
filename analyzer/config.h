#pragma once
// `.lambdalint.yaml`: rule selection, level overrides, rule options, ignored paths, baseline and
// suppression settings (docs/configuration.md). Found from the linted path upward to the
// repository root, then in the home directory; `--config FILE` replaces the search; command-line
// flags win over the file. Every value remembers where it came from (`lambdalint config --show`).
// Problems in the file (unknown keys, bad values) are reported with path:line:col.

#include "analyzer/driver.h"
#include "analyzer/engine.h"
#include "analyzer/rule.h"
#include "support/source.h"
#include "support/text.h"

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lint {

/// A value and where it was set: "default", "--flag", or "path:line:col".
template <typename T>
struct Setting {
  T value{};
  std::string origin;
};

struct Config {
  // Rule selection (engine.h RuleSelection): rule ids, names, families, groups or "all", each in
  // canonical spelling. `select` replaces the default set; `enable` is `extend-select` (and the
  // older `enable` key, `--enable`); `disable` is `ignore` (`disable`, `--disable`).
  std::optional<std::vector<Setting<std::string>>> select;
  std::vector<Setting<std::string>> enable;
  std::vector<Setting<std::string>> disable;
  std::map<std::string, Setting<Level>, std::less<>> levels; // by id, name or family
  std::optional<Setting<std::optional<Level>>> fail_on;      // inner nullopt = none
  std::optional<Setting<std::int64_t>> account_concurrency;
  std::optional<Setting<std::int64_t>> api_gateway_timeout;  // seconds
  std::vector<Setting<std::string>> secret_name_patterns;
  std::optional<Setting<bool>> all_roles;
  std::optional<Setting<std::chrono::sys_days>> as_of;
  std::vector<Setting<std::string>> ignore_paths;            // globs, relative to `base_directory`
  std::optional<Setting<std::string>> baseline;              // absolute once loaded
  std::optional<Setting<bool>> respect_other_tools;
  std::optional<Setting<bool>> include_suppressed;
  std::optional<Setting<bool>> exit_zero;

  std::optional<std::filesystem::path> file;   // the configuration file read, if any
  std::filesystem::path base_directory;        // ignore-paths are relative to it

  /// `higher` wins: its scalar settings replace ours; its list items are added (an item enabled
  /// by `higher` is removed from our disable list and the reverse).
  void merge_from(const Config& higher);

  /// True when `path` matches an ignore-paths glob (relative to base_directory; a glob matching a
  /// directory ignores everything below it; a glob without '/' matches any path component).
  bool is_ignored(const std::filesystem::path& path) const;

  /// Applies the configuration onto options the engine and the policy step take.
  void apply_to(RuleSelection& selection, RuleOptions& options) const;
  std::map<std::string, Level, std::less<>> level_overrides() const;

  /// The effective configuration as YAML, each value commented with its origin.
  std::string show() const;
};

struct ConfigProblem {
  std::string path;
  LineColumn position; // 1-based line, 1-based byte column
  std::string message;
  std::string to_string() const; // "path:line:col: error: message"
};

struct LoadedConfig {
  Config config;
  std::vector<ConfigProblem> problems;
};

/// Applies a configuration onto the options of one lint run (selection, rule options, levels,
/// other tools' suppressions): the one mapping the CLI and the language server share.
void apply_configuration(const Config& config, DriverOptions& options);

/// Parses the text of a configuration file. `rules` validates rule ids, names and families.
LoadedConfig parse_config(const std::string& path, std::string text, std::span<const Rule* const> rules);
/// Reads and parses a configuration file (an unreadable file is a problem at 1:1).
LoadedConfig load_config(const std::filesystem::path& path, std::span<const Rule* const> rules);

/// `.lambdalint.yaml` (or `.lambdalint.yml`) from `start` upward to the repository root, then in
/// $HOME; nullopt when there is none.
std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& start);

/// The configuration of a command-line run: `explicit_path` (--config) or the file found from
/// `start`, an empty Config when there is none. nullopt after writing the file's problems
/// (`path:line:col: message`) to `errors`.
std::optional<Config> load_run_config(const std::optional<std::filesystem::path>& explicit_path, const std::filesystem::path& start,
                                      std::span<const Rule* const> rules, std::ostream& errors);

/// The canonical spelling of a rule selector: a rule id in any case ("ll501" → "LL501"), a rule
/// name, a family, a group ("default", "hardening") or "all"; nullopt when it is none of these.
std::optional<std::string> canonical_selector(std::string_view text, std::span<const Rule* const> rules);
/// " (did you mean 'X'?)" for the nearest rule id, name, family or group, or "".
std::string selector_suggestion(std::string_view text, std::span<const Rule* const> rules);

/// Glob matching for ignore-paths: `*` and `?` stay within a path component, `**` crosses them.
bool glob_match(std::string_view pattern, std::string_view path);

/// Empty when `pattern` is a valid RE2 pattern, else the reason.
std::string check_secret_name_pattern(std::string_view pattern);

} // namespace lint
