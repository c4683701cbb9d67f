// lambdalint: the command-line front end.

#include "analyzer/baseline.h"
#include "analyzer/config.h"
#include "analyzer/driver.h"
#include "cli/docs.h"
#include "cli/audit.h"
#include "cli/graph.h"
#include "cli/options.h"
#include "cli/walk.h"
#include "lsp/command.h"
#include "report/report.h"
#include "rules/registry.h"
#include "support/atomic_write.h"
#include "support/paths.h"

#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace lint::cli {
namespace {

constexpr int k_exit_clean = 0;
constexpr int k_exit_findings = 1;
constexpr int k_exit_usage = 2;

/// Lints every file on `jobs` threads; results keep the walk's order, so output is deterministic.
std::vector<UnitResult> lint_all(const std::vector<WalkedFile>& files, const CheckOptions& options)
{
  std::vector<UnitResult> results(files.size());
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(files.size(), 1)));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    DriverOptions driver = options.driver; // one copy per thread, not per file
    for (std::size_t i = next++; i < files.size(); i = next++) {
      driver.explicitly_named = files[i].explicitly_named;
      results[i] = lint_file(files[i].path, rules::all(), driver);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) {
    threads.emplace_back(work);
  }
  work();
  for (std::thread& thread : threads) {
    thread.join();
  }
  return results;
}

bool use_color(const CheckOptions& options)
{
  if (options.color == "always") {
    return true;
  }
  if (options.color == "never" || options.output || std::getenv("NO_COLOR") != nullptr) {
    return false;
  }
  return isatty(STDOUT_FILENO) != 0;
}

/// The configuration file (found or --config) merged under the flags, applied onto `options`.
/// Problems in the file are printed with their positions; nullopt then (a usage error).
std::optional<Config> resolve_configuration(CheckOptions& options)
{
  Config effective;
  std::optional<std::filesystem::path> path;
  if (options.config_path) {
    path = *options.config_path;
  } else {
    path = find_config_file(options.paths.empty() ? std::string(".") : options.paths.front());
  }
  if (path) {
    LoadedConfig loaded = load_config(*path, rules::all());
    for (const ConfigProblem& problem : loaded.problems) {
      std::cerr << problem.to_string() << "\n";
    }
    if (!loaded.problems.empty()) {
      return std::nullopt;
    }
    effective = std::move(loaded.config);
  }
  effective.merge_from(options.flags);
  apply_configuration(effective, options.driver);
  if (effective.fail_on) {
    options.fail_on = effective.fail_on->value;
  }
  options.driver.policy.known_rules = rules::all();
  return effective;
}

int run_config(CheckOptions options, bool show)
{
  if (!show) {
    std::cerr << "usage: lambdalint config --show [--config FILE] [flags] [PATH]\n";
    return k_exit_usage;
  }
  const std::optional<Config> effective = resolve_configuration(options);
  if (!effective) {
    return k_exit_usage;
  }
  std::cout << effective->show();
  return k_exit_clean;
}

int run_check(CheckOptions options)
{
  if (options.paths.empty()) {
    std::cerr << "lambdalint check: no paths given\n" << usage();
    return k_exit_usage;
  }
  const std::optional<Config> config = resolve_configuration(options);
  if (!config) {
    return k_exit_usage;
  }
  std::optional<Baseline> baseline;
  if (config->baseline) {
    std::string error;
    baseline = Baseline::load(config->baseline->value, error);
    if (!baseline) {
      std::cerr << fmt::format("lambdalint: {}: {} (set by {})\n", config->baseline->value, error, config->baseline->origin);
      return k_exit_usage;
    }
    options.driver.policy.baseline = &*baseline;
  }
  WalkResult walk = collect_files(options.paths);
  // ignore-paths apply to what a directory walk finds; a file named on the command line is linted.
  std::erase_if(walk.files, [&](const WalkedFile& file) { return !file.explicitly_named && config->is_ignored(file.path); });
  std::vector<UnitResult> results = lint_all(walk.files, options);

  std::vector<Finding> findings;
  std::vector<report::InputError> input_errors;
  for (const auto& [path, message] : walk.errors) {
    input_errors.push_back({path, message});
  }
  std::size_t linted = 0;
  std::vector<std::string> checked_files;
  bool internal_error = false;
  for (UnitResult& result : results) {
    linted += result.linted ? 1 : 0;
    if (result.linted) {
      checked_files.push_back(result.path);
    }
    if (result.input_error) {
      input_errors.push_back({result.path, *result.input_error});
    }
    for (const std::string& error : result.internal_errors) {
      std::cerr << error << "\n";
      internal_error = true;
    }
    std::move(result.findings.begin(), result.findings.end(), std::back_inserter(findings));
  }

  if (options.create_baseline) {
    // Everything that fails today: unsuppressed findings and those an older baseline held.
    Baseline created(Baseline::root_for(*options.create_baseline));
    for (const Finding& finding : findings) {
      if (!finding.suppression || finding.suppression->via == "baseline") {
        created.add(finding);
      }
    }
    if (const std::string error = write_file_atomically(*options.create_baseline, created.to_json()); !error.empty()) {
      std::cerr << fmt::format("lambdalint: {}: {}\n", *options.create_baseline, error);
      return k_exit_usage;
    }
    std::cerr << fmt::format("lambdalint: wrote {} findings to the baseline {}\n", created.size(), *options.create_baseline);
    for (const report::InputError& error : input_errors) {
      std::cerr << fmt::format("{}: error: {}\n", error.path, error.message);
    }
    return input_errors.empty() && !internal_error ? k_exit_clean : k_exit_usage;
  }
  const bool include_suppressed = config->include_suppressed && config->include_suppressed->value;
  std::vector<Finding> reported;
  for (Finding& finding : findings) {
    if (include_suppressed || !finding.suppression) {
      reported.push_back(finding);
    }
  }

  report::ReportInput input;
  input.findings = reported;
  input.checked_files = checked_files;
  input.rules = rules::all();
  input.input_errors = input_errors;
  input.tool_version = LAMBDALINT_VERSION;
  // SARIF URIs are relative to the repository of what is linted (GitHub resolves them against the
  // checkout root), whatever directory lambdalint runs from.
  std::error_code ignored;
  input.base_directory = find_repository_root(std::filesystem::absolute(options.paths.front(), ignored));
  input.files_checked = linted;

  std::ostringstream rendered;
  switch (options.format) {
  case OutputFormat::text:
    report::write_text(rendered, input, use_color(options));
    break;
  case OutputFormat::json:
    report::write_json(rendered, input);
    break;
  case OutputFormat::sarif:
    report::write_sarif(rendered, input);
    break;
  case OutputFormat::github:
    report::write_github(rendered, input);
    break;
  case OutputFormat::junit:
    report::write_junit(rendered, input);
    break;
  }
  if (options.output) {
    if (const std::string error = write_file_atomically(*options.output, rendered.str()); !error.empty()) {
      std::cerr << fmt::format("lambdalint: {}: {}\n", *options.output, error);
      return k_exit_usage;
    }
  } else {
    std::cout << rendered.str() << std::flush;
  }
  // Input errors also go to stderr, so they are seen when stdout is a report file.
  if (options.format != OutputFormat::text || options.output) {
    for (const report::InputError& error : input_errors) {
      std::cerr << fmt::format("{}: error: {}\n", error.path, error.message);
    }
  }
  if (!input_errors.empty() || internal_error) {
    return k_exit_usage;
  }
  if (linted == 0 && !options.allow_empty) {
    std::cerr << "lambdalint: no CloudFormation or SAM templates found in the given paths\n";
    return k_exit_usage;
  }
  if (config->exit_zero && config->exit_zero->value) {
    return k_exit_clean;
  }
  if (options.fail_on) {
    for (const Finding& finding : findings) {
      if (!finding.suppression && finding.level >= *options.fail_on) {
        return k_exit_findings;
      }
    }
  }
  return k_exit_clean;
}

int run_rules_command(bool markdown)
{
  if (markdown) {
    std::cout << rules_index_markdown();
    return k_exit_clean;
  }
  for (const Rule* rule : rules::all()) {
    std::cout << fmt::format("{}  {:<36} {:<8}{} {}\n", rule->meta.id, rule->meta.name, to_string(rule->meta.level),
                             rule->meta.enabled_by_default ? " " : "*", rule->meta.summary);
  }
  std::cout << "\n* off by default (--enable ID)\n";
  return k_exit_clean;
}

int run_explain(const std::vector<std::string>& arguments)
{
  if (arguments.size() != 1) {
    std::cerr << "usage: lambdalint explain LLnnn\n";
    return k_exit_usage;
  }
  const Rule* rule = rules::find(arguments[0]);
  if (rule == nullptr) {
    std::cerr << fmt::format("lambdalint explain: no rule '{}' (see `lambdalint rules`)\n", arguments[0]);
    return k_exit_usage;
  }
  std::cout << rule_markdown(*rule);
  return k_exit_clean;
}

} // namespace
} // namespace lint::cli

int main(int argc, char** argv)
{
  using namespace lint::cli;
  try {
    if (argc >= 2 && std::string_view(argv[1]) == "graph") {
      return run_graph(argc - 2, argv + 2);
    }
    if (argc >= 2 && std::string_view(argv[1]) == "audit") {
      return run_audit(argc - 2, argv + 2);
    }
    if (argc >= 2 && std::string_view(argv[1]) == "lsp") {
      return lint::lsp::run_lsp_command(std::span<char* const>(argv + 2, static_cast<std::size_t>(argc - 2)), LAMBDALINT_VERSION);
    }
    std::string error;
    const auto command = parse_command_line(argc, argv, error);
    if (!command) {
      std::cerr << "lambdalint: " << error << "\n\n" << usage();
      return k_exit_usage;
    }
    if (command->name == "check") {
      return run_check(command->check);
    }
    if (command->name == "config") {
      return run_config(command->check, command->show);
    }
    if (command->name == "rules") {
      return run_rules_command(command->markdown);
    }
    if (command->name == "explain") {
      return run_explain(command->arguments);
    }
    if (command->name == "docs") {
      if (command->arguments.size() != 1) {
        std::cerr << "usage: lambdalint docs [--check] DIR\n";
        return k_exit_usage;
      }
      return write_rule_docs(command->arguments[0], command->docs_check) == 0 ? k_exit_clean : k_exit_findings;
    }
    if (command->name == "version") {
      std::cout << "lambdalint " << LAMBDALINT_VERSION << "\n";
      return k_exit_clean;
    }
    if (command->name == "help") {
      std::cout << usage();
      return k_exit_clean;
    }
    std::cerr << fmt::format("lambdalint: unknown command '{}'\n\n", command->name) << usage();
    return k_exit_usage;
  } catch (const std::exception& error) {
    std::cerr << "lambdalint: fatal: " << error.what() << "\n";
    return k_exit_usage;
  }
}
