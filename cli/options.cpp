#include "cli/options.h"

#include "rules/registry.h"
#include "support/text.h"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <charconv>

namespace lint::cli {
namespace {


std::vector<std::string> split_list(std::string_view text)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (!item.empty()) {
      out.emplace_back(item);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

constexpr std::string_view k_commands[] = {"check", "rules", "explain", "docs", "config", "version", "help", "graph", "audit", "lsp"};

constexpr std::string_view k_options[] = {
  "--format", "--output", "-o", "--fail-on", "--as-of", "--jobs", "-j", "--select", "--extend-select", "--ignore", "--enable",
  "--disable", "--account-concurrency", "--color", "--allow-empty", "--config", "--baseline", "--create-baseline",
  "--include-suppressed", "--respect-other-tools", "--exit-zero", "--api-gateway-timeout", "--secret-name-pattern",
  "--all-roles", "--shard", "--progress", "--no-progress", "--fix", "--unsafe-fixes", "--diff", "--show", "--markdown",
  "--check", "--help", "-h", "--version"};

/// " (did you mean 'X'?)" for the nearest of `candidates`, or "".
template <typename Candidates>
std::string nearest(std::string_view text, const Candidates& candidates)
{
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(2, std::min<std::size_t>(4, text.size() / 3 + 1));
  for (const std::string_view candidate : candidates) {
    if (candidate.size() <= 2) {
      continue; // "-o", "-j", "-h": a suggestion of one letter helps nobody
    }
    const std::size_t distance = edit_distance(text, candidate, best_distance);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

} // namespace

std::string option_suggestion(std::string_view option)
{
  // `--fail-on=error`: the name before '=' is what may be misspelled.
  return nearest(option.substr(0, option.find('=')), k_options);
}

std::string command_suggestion(std::string_view command)
{
  return nearest(command, k_commands);
}

std::string usage()
{
  return R"(usage: lambdalint <command> [options]

commands:
  check PATH...         lint CloudFormation/SAM templates, Terraform modules (.tf, .tf.json),
                        Terraform plans and state (JSON) and AWS CLI exports (files or directories)
  rules [--markdown]    list every rule, its group and whether it runs by default
  explain LLnnn|NAME    print a rule's documentation (paged on a terminal; --markdown for Markdown)
  docs [--check] DIR    write (or check) the generated rule pages in DIR (docs/rules)
  config --show [PATH]  print the effective configuration for PATH and where each value comes from
  version               print the version
  graph PATH [--format dot|mermaid|json]
                        the template's wiring with findings on the nodes (docs/graph.md)
  policy PATH [--function NAME] [--format json|snippet]
                        the least-privilege policy of each function, from its code's AWS SDK
                        calls and its configuration, as IAM JSON or as a snippet in the input's
                        syntax (docs/code-analysis.md)
  audit DIR... [--format text|json|sarif|html] [--output FILE] [--all-roles]
                        audit an account snapshot of AWS CLI exports (docs/audit.md)
  lsp                   language server on stdin/stdout (see docs/editors.md)

check options:
  --format text|json|sarif|github|junit|ndjson
                             output format (default text); github = workflow annotations;
                             ndjson = one finding per line, streamed as units finish
  --output FILE              write the report to FILE (atomically) instead of stdout
  --fail-on error|warning|note|none
                             exit 1 when a finding at or above this level exists (default warning)
  --as-of YYYY-MM-DD         date for runtime deprecation checks (default today)
  --jobs N                   files linted in parallel (default: every core)
  --select SEL,...           run only these rules instead of the default set; a selector is a
                             rule id (any case), name, family, group (default, hardening) or all
  --extend-select SEL,...    also run these rules (e.g. hardening); alias --enable
  --ignore SEL,...           do not run these rules; alias --disable. The most specific selector
                             wins: --ignore vpc --extend-select LL502 runs LL502
  --fix                      apply the fixes marked safe, lint again and report what is left
  --unsafe-fixes             with --fix or --diff: also the fixes marked unsafe
  --diff                     print the fixes as a unified diff instead of writing them (exit 1
                             when there is one)
  --account-concurrency N    account concurrency limit for LL704 (default 1000)
  --color auto|always|never  colour in text output (default auto)
  --allow-empty              finding nothing lintable is not an error, and a named file that is no
                             template is skipped as in a directory walk (pre-commit hooks)
  --config FILE              configuration file (default: .lambdalint.yaml from PATH up to the
                             repository root, then ~/.lambdalint.yaml); flags win over it
  --baseline FILE            findings recorded in FILE are suppressed (only new ones fail)
  --create-baseline FILE     write the current findings to FILE and exit 0
  --include-suppressed       also report suppressed and baselined findings (SARIF suppressions)
  --respect-other-tools      honour cfn-lint, checkov and cfn_nag suppressions of mapped rules
  --exit-zero                exit 0 even when findings exist (report-only runs)
  --api-gateway-timeout S    API Gateway REST integration timeout for LL401 (default 29)
  --secret-name-pattern RE   extra RE2 pattern for secret variable names (LL602; repeatable)
  --all-roles                IAM rules (LL1xx) check every role, not only Lambda execution roles
  --shard I/N                lint only shard I of N (1-based; by a stable hash of each file's or
                             Terraform module's repository-relative path; docs/performance.md)
  --progress, --no-progress  progress on stderr for runs over a second (default: only when stderr
                             is a terminal and CI is not set)

exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
            2 usage error, unreadable input, or nothing lintable found
)";
}

std::optional<Command> parse_command_line(int argc, char** argv, std::string& error)
{
  Command command;
  if (argc < 2) {
    error = "missing command";
    return std::nullopt;
  }
  command.name = argv[1];
  if (command.name == "--help" || command.name == "-h") {
    command.name = "help";
  }
  if (command.name == "--version") {
    command.name = "version";
  }
  command.check.driver.rule_options.as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view flag) -> std::optional<std::string> {
      if (i + 1 >= argc) {
        error = fmt::format("{} needs a value", flag);
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    if (arg == "--format") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      if (*text == "text") {
        command.check.format = OutputFormat::text;
      } else if (*text == "json") {
        command.check.format = OutputFormat::json;
      } else if (*text == "sarif") {
        command.check.format = OutputFormat::sarif;
      } else if (*text == "github") {
        command.check.format = OutputFormat::github;
      } else if (*text == "junit") {
        command.check.format = OutputFormat::junit;
      } else if (*text == "ndjson") {
        command.check.format = OutputFormat::ndjson;
      } else {
        error = fmt::format("--format: unknown format '{}' (text, json, sarif, github, junit or ndjson)", *text);
        return std::nullopt;
      }
    } else if (arg == "--output" || arg == "-o") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      command.check.output = *text;
    } else if (arg == "--fail-on") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      if (*text == "none") {
        command.check.fail_on.reset();
        command.check.flags.fail_on = Setting<std::optional<Level>>{std::nullopt, "--fail-on"};
      } else if (const auto level = level_from_string(*text)) {
        command.check.fail_on = *level;
        command.check.flags.fail_on = Setting<std::optional<Level>>{*level, "--fail-on"};
      } else {
        error = fmt::format("--fail-on: unknown level '{}' (error, warning, note or none)", *text);
        return std::nullopt;
      }
    } else if (arg == "--as-of") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      const auto date = parse_iso_date(*text);
      if (!date) {
        error = fmt::format("--as-of: '{}' is not a date (YYYY-MM-DD)", *text);
        return std::nullopt;
      }
      command.check.driver.rule_options.as_of = *date;
      command.check.flags.as_of = Setting<std::chrono::sys_days>{*date, "--as-of"};
    } else if (arg == "--jobs" || arg == "-j") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      unsigned jobs = 0;
      auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), jobs);
      if (ec != std::errc() || ptr != text->data() + text->size() || jobs == 0 || jobs > 1024) {
        error = fmt::format("--jobs: '{}' is not a number from 1 to 1024", *text);
        return std::nullopt;
      }
      command.check.jobs = jobs;
    } else if (arg == "--account-concurrency") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      std::int64_t limit = 0;
      auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
      if (ec != std::errc() || ptr != text->data() + text->size() || limit < 100) {
        error = fmt::format("--account-concurrency: '{}' is not a number of at least 100", *text);
        return std::nullopt;
      }
      command.check.driver.rule_options.account_concurrency_limit = limit;
      command.check.flags.account_concurrency = Setting<std::int64_t>{limit, "--account-concurrency"};
    } else if (arg == "--select" || arg == "--extend-select" || arg == "--ignore" || arg == "--enable" || arg == "--disable") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      const bool adds = arg == "--extend-select" || arg == "--enable";
      if (arg == "--select") {
        command.check.flags.select.emplace(); // the last --select wins, like a configuration key
      }
      for (const std::string& item : split_list(*text)) {
        const std::optional<std::string> selector = canonical_selector(item, rules::all());
        if (!selector) {
          error = fmt::format("{}: '{}' is not a rule id, rule name, family or group{}", arg, item,
                              selector_suggestion(item, rules::all()));
          return std::nullopt;
        }
        if (arg == "--select") {
          command.check.flags.select->push_back({*selector, std::string(arg)});
          continue;
        }
        (adds ? command.check.driver.selection.enable : command.check.driver.selection.disable).insert(*selector);
        (adds ? command.check.flags.enable : command.check.flags.disable).push_back({*selector, std::string(arg)});
      }
    } else if (arg == "--color") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      if (*text != "auto" && *text != "always" && *text != "never") {
        error = "--color: auto, always or never";
        return std::nullopt;
      }
      command.check.color = *text;
    } else if (arg == "--allow-empty") {
      command.check.allow_empty = true;
    } else if (arg == "--config" || arg == "--baseline" || arg == "--create-baseline") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      if (arg == "--config") {
        command.check.config_path = *text;
      } else if (arg == "--baseline") {
        command.check.flags.baseline = Setting<std::string>{*text, "--baseline"};
      } else {
        command.check.create_baseline = *text;
      }
    } else if (arg == "--include-suppressed") {
      command.check.flags.include_suppressed = Setting<bool>{true, "--include-suppressed"};
    } else if (arg == "--respect-other-tools") {
      command.check.flags.respect_other_tools = Setting<bool>{true, "--respect-other-tools"};
    } else if (arg == "--exit-zero") {
      command.check.flags.exit_zero = Setting<bool>{true, "--exit-zero"};
    } else if (arg == "--all-roles") {
      command.check.flags.all_roles = Setting<bool>{true, "--all-roles"};
    } else if (arg == "--api-gateway-timeout") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      std::int64_t seconds = 0;
      auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
      if (ec != std::errc() || ptr != text->data() + text->size() || seconds < 1) {
        error = fmt::format("--api-gateway-timeout: '{}' is not a whole number of seconds", *text);
        return std::nullopt;
      }
      command.check.flags.api_gateway_timeout = Setting<std::int64_t>{seconds, "--api-gateway-timeout"};
    } else if (arg == "--secret-name-pattern") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      if (const std::string problem = check_secret_name_pattern(*text); !problem.empty()) {
        error = fmt::format("--secret-name-pattern: {}", problem);
        return std::nullopt;
      }
      command.check.flags.secret_name_patterns.push_back({*text, "--secret-name-pattern"});
    } else if (arg == "--shard") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      command.check.shard = parse_shard(*text, error);
      if (!command.check.shard) {
        return std::nullopt;
      }
    } else if (arg == "--progress" || arg == "--no-progress") {
      command.check.progress = arg == "--progress" ? "always" : "never";
    } else if (arg == "--fix") {
      command.check.fix = true;
    } else if (arg == "--unsafe-fixes") {
      command.check.unsafe_fixes = true;
    } else if (arg == "--diff") {
      command.check.diff = true;
    } else if (arg == "--show") {
      command.show = true;
    } else if (arg == "--markdown") {
      command.markdown = true;
    } else if (arg == "--check") {
      command.docs_check = true;
    } else if (arg == "--help" || arg == "-h") {
      command.name = "help";
    } else if (arg.starts_with("-") && arg != "-") {
      error = fmt::format("unknown option '{}'{}", arg, option_suggestion(arg));
      return std::nullopt;
    } else {
      command.arguments.emplace_back(arg);
    }
  }
  command.check.paths = command.arguments;
  return command;
}

} // namespace lint::cli
