#pragma once
// Command-line parsing for `lambdalint`: hand-written, so errors name the flag at fault.

#include "analyzer/config.h"
#include "analyzer/driver.h"
#include "cli/scale.h"

#include <optional>
#include <string>
#include <vector>

namespace lint::cli {

enum class OutputFormat { text, json, sarif, github, junit, ndjson };

struct CheckOptions {
  std::vector<std::string> paths;
  OutputFormat format = OutputFormat::text;
  std::optional<std::string> output;    // --output FILE (written atomically)
  std::optional<Level> fail_on = Level::warning; // nullopt = --fail-on none
  unsigned jobs = 0;                     // 0 = every core
  std::string color = "auto";            // auto | always | never
  bool allow_empty = false;              // --allow-empty: no template found is not an error (pre-commit)
  DriverOptions driver;
  std::optional<std::string> config_path;     // --config FILE: replaces the .lambdalint.yaml search
  std::optional<std::string> create_baseline; // --create-baseline FILE
  Config flags;                               // settings given as flags: they win over the file
  std::optional<Shard> shard;                 // --shard INDEX/COUNT (cli/scale.h)
  std::string progress = "auto";              // --progress auto|always|never
  bool fix = false;                           // --fix: apply safe fixes, then lint again
  bool unsafe_fixes = false;                  // --unsafe-fixes: also apply fixes marked unsafe
  bool diff = false;                          // --diff: print the fixes as a unified diff, write nothing
};

struct Command {
  std::string name;                      // check, rules, explain, docs, version, help
  CheckOptions check;
  std::vector<std::string> arguments;    // positional arguments of other commands
  bool markdown = false;                 // rules --markdown
  bool docs_check = false;               // docs --check
  bool show = false;                     // config --show
};

/// Parses argv. On a usage error returns nullopt and sets `error`.
std::optional<Command> parse_command_line(int argc, char** argv, std::string& error);

std::string usage();

/// " (did you mean '--fail-on'?)" for a mistyped option, or "".
std::string option_suggestion(std::string_view option);
/// " (did you mean 'check'?)" for a mistyped command, or "".
std::string command_suggestion(std::string_view command);

} // namespace lint::cli
