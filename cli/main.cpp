// lambdalint: the command-line front end.

#include "analyzer/baseline.h"
#include "analyzer/config.h"
#include "analyzer/driver.h"
#include "analyzer/run_setup.h"
#include "cli/docs.h"
#include "cli/fix.h"
#include "cli/audit.h"
#include "cli/graph.h"
#include "cli/policy.h"
#include "cli/options.h"
#include "cli/scale.h"
#include "analyzer/walk.h"
#include "lsp/command.h"
#include "report/report.h"
#include "rules/registry.h"
#include "support/atomic_write.h"
#include "support/paths.h"
#include "support/thread_pool.h"

#include <fmt/format.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <atomic>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace lint::cli {
namespace {

constexpr int k_exit_clean = 0;
constexpr int k_exit_findings = 1;
constexpr int k_exit_usage = 2;
constexpr std::string_view k_nothing_found =
  "lambdalint: no CloudFormation or SAM templates, Terraform modules or plans, or AWS CLI exports found in the given paths\n";
/// --fix: fix, lint again, fix what the new text still offers; a fix that keeps reappearing stops here.
constexpr int k_fix_passes = 10;

/// Lints every file on `jobs` threads; results keep the walk's order, so output is deterministic.
/// `on_done`, when given, sees each result in input order as soon as it and every earlier unit are
/// finished (under a lock), so a streaming reporter's output does not depend on --jobs either; it
/// may empty the result to free its findings and their source text. A unit whose analysis throws
/// (std::bad_alloc included) gets an internal error naming it; every other unit is still linted
/// and reported (support/thread_pool.h).
std::vector<UnitResult> lint_all(const std::vector<WalkedFile>& files, const CheckOptions& options,
                                 const std::function<void(UnitResult&)>& on_done = {})
{
  std::vector<UnitResult> results(files.size());
  const unsigned jobs = worker_count(options.jobs, files.size());
  std::mutex finished_mutex;
  std::vector<char> finished(files.size(), 0);
  std::size_t next_to_report = 0;
  ProgressReporter progress(files.size(), progress_wanted(options.progress));
  DriverOptions named = options.driver; // two copies for the run, not one per file
  named.explicitly_named = true;
  DriverOptions walked = options.driver;
  walked.explicitly_named = false;
  auto finish = [&](std::size_t i) {
    progress.unit_done();
    if (on_done) {
      const std::lock_guard lock(finished_mutex);
      finished[i] = 1;
      for (; next_to_report < files.size() && finished[next_to_report] != 0; ++next_to_report) {
        on_done(results[next_to_report]);
      }
    }
  };
  run_parallel(
    files.size(), jobs,
    [&](std::size_t i) {
      results[i] = lint_file(files[i].path, rules::all(), files[i].explicitly_named ? named : walked);
      finish(i);
    },
    [&](std::size_t i, std::string_view what) {
      if (finished[i] != 0) {
        return; // the unit was reported; the exception came from a later reporting step
      }
      results[i] = UnitResult{};
      results[i].path = files[i].path;
      results[i].internal_errors.push_back(fmt::format("{}: internal error: {}", files[i].path, what));
      finish(i);
    });
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
  const std::optional<std::filesystem::path> explicit_path =
    options.config_path ? std::optional<std::filesystem::path>(*options.config_path) : std::nullopt;
  std::optional<Config> loaded =
    load_run_config(explicit_path, options.paths.empty() ? std::string(".") : options.paths.front(), rules::all(), std::cerr);
  if (!loaded) {
    return std::nullopt;
  }
  Config effective = std::move(*loaded);
  effective.merge_from(options.flags);
  apply_configuration(effective, options.driver);
  if (effective.fail_on) {
    options.fail_on = effective.fail_on->value;
  }
  options.driver.policy.known_rules = rules::all();
  // The pipeline drops suppressed findings unless they are to be shown, or to be written to a
  // new baseline (which keeps what an older baseline held).
  options.driver.include_suppressed =
    (effective.include_suppressed && effective.include_suppressed->value) || options.create_baseline.has_value();
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

/// --shard: keeps the units (and walk errors) whose repository-relative path hashes to this shard.
void keep_shard(WalkResult& walk, const CheckOptions& options)
{
  std::error_code ignored;
  const std::filesystem::path root = find_repository_root(std::filesystem::absolute(options.paths.front(), ignored));
  std::erase_if(walk.files, [&](const WalkedFile& file) { return !in_shard(shard_key(file.path, root), *options.shard); });
  std::erase_if(walk.errors, [&](const auto& error) { return !in_shard(shard_key(error.first, root), *options.shard); });
}

/// `--format ndjson`: each unit's findings are written (and freed) as soon as the unit and every
/// earlier one are done, then a summary line. Exit codes as for the other formats.
int run_check_streaming(const WalkResult& walk, const CheckOptions& options, const Config& config, bool walk_found_units)
{
  std::ofstream file;
  if (options.output) {
    file.open(*options.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << fmt::format("lambdalint: {}: cannot write\n", *options.output);
      return k_exit_usage;
    }
  }
  std::ostream& out = options.output ? static_cast<std::ostream&>(file) : std::cout;
  std::vector<report::InputError> walk_errors;
  for (const auto& [path, message] : walk.errors) {
    walk_errors.push_back({path, message});
  }
  report::write_ndjson_unit(out, {}, walk_errors, rules::all());
  std::size_t linted = 0;
  std::size_t error_count = walk_errors.size();
  std::array<std::size_t, 3> levels{};
  bool internal_error = false;
  bool failing = false;
  std::size_t suppressed = 0;
  std::size_t baselined = 0;
  lint_all(walk.files, options, [&](UnitResult& result) {
    linted += result.linted ? 1 : 0;
    suppressed += result.suppressed;
    baselined += result.baselined;
    std::vector<report::InputError> errors;
    if (result.input_error) {
      errors.push_back({result.path, *result.input_error});
      std::cerr << fmt::format("{}: error: {}\n", result.path, *result.input_error);
    }
    error_count += errors.size();
    for (const std::string& error : result.internal_errors) {
      std::cerr << error << "\n";
      internal_error = true;
    }
    // The pipeline dropped (and counted) what does not count, unless include-suppressed keeps it.
    for (const Finding& finding : result.findings) {
      failing = failing || (!finding.suppression && options.fail_on && finding.level >= *options.fail_on);
      ++levels[static_cast<std::size_t>(finding.level)];
    }
    report::write_ndjson_unit(out, result.findings, errors, rules::all());
    result = UnitResult{}; // free the findings and the source text they hold
  });
  for (const report::InputError& error : walk_errors) {
    std::cerr << fmt::format("{}: error: {}\n", error.path, error.message);
  }
  const std::string shard = options.shard ? fmt::format("{}/{}", options.shard->index, options.shard->count) : std::string();
  report::write_ndjson_summary(out, LAMBDALINT_VERSION, linted, error_count, levels, suppressed, baselined, shard);
  if (!out) {
    std::cerr << "lambdalint: error writing the report\n";
    return k_exit_usage;
  }
  if (error_count != 0 || internal_error) {
    return k_exit_usage;
  }
  if (linted == 0 && !options.allow_empty && !(options.shard && walk_found_units)) {
    std::cerr << k_nothing_found;
    return k_exit_usage;
  }
  if (config.exit_zero && config.exit_zero->value) {
    return k_exit_clean;
  }
  return failing ? k_exit_findings : k_exit_clean;
}

/// `--fix` / `--diff`. --diff prints the fixes of one pass as a unified diff and writes nothing
/// (exit 1 when there is one). --fix writes each fixed file atomically, lints again and repeats
/// while fixes apply; `results` then holds the final lint for the report. Returns an exit code
/// when the run ends here (--diff, or a file that could not be written), else nullopt.
std::optional<int> run_fixes(const WalkResult& walk, const CheckOptions& options, std::vector<UnitResult>& results)
{
  // A fix may edit another file than its finding's (LL308 grants in the template what the code
  // calls): only a file this run lints, never one it merely read (a handler's code).
  std::vector<std::filesystem::path> linted;
  for (const WalkedFile& file : walk.files) {
    linted.emplace_back(file.path);
  }
  const WritablePredicate writable = [&linted](const std::string& path) { return is_one_of_inputs(path, linted); };
  auto findings_of = [](const std::vector<UnitResult>& units) {
    std::vector<Finding> all;
    for (const UnitResult& unit : units) {
      all.insert(all.end(), unit.findings.begin(), unit.findings.end());
    }
    return all;
  };
  if (options.diff) {
    const std::vector<Finding> findings = findings_of(results);
    const std::vector<FileFix> fixes = plan_fixes(findings, options.unsafe_fixes, writable);
    std::size_t count = 0;
    for (const FileFix& fix : fixes) {
      std::cout << unified_diff(fix.path, fix.original, fix.fixed);
      count += fix.titles.size();
    }
    std::cout << std::flush;
    std::cerr << fmt::format("lambdalint: {} fix{} would change {} file{}{}\n", count, count == 1 ? "" : "es", fixes.size(),
                             fixes.size() == 1 ? "" : "s", options.unsafe_fixes ? "" : " (--unsafe-fixes shows the others too)");
    return fixes.empty() ? k_exit_clean : k_exit_findings;
  }
  std::size_t applied = 0;
  std::set<std::string> changed;
  bool refused = false;
  for (int pass = 0; pass < k_fix_passes; ++pass) {
    const std::vector<Finding> findings = findings_of(results);
    std::vector<FileFix> fixes = plan_fixes(findings, options.unsafe_fixes, writable);
    std::erase_if(fixes, [&](const FileFix& fix) {
      if (const std::string error = write_fix(fix); !error.empty()) {
        std::cerr << fmt::format("{}: error: {}\n", fix.path, error);
        refused = true;
        return true;
      }
      return false;
    });
    if (fixes.empty()) {
      break;
    }
    for (const FileFix& fix : fixes) {
      applied += fix.titles.size();
      changed.insert(fix.path);
    }
    results = lint_all(walk.files, options);
  }
  std::cerr << fmt::format("lambdalint: applied {} fix{} to {} file{}\n", applied, applied == 1 ? "" : "es", changed.size(),
                           changed.size() == 1 ? "" : "s");
  if (refused) {
    return k_exit_usage;
  }
  return std::nullopt;
}

/// "--output DIR": a report cannot replace a directory; said before any linting.
bool output_is_directory(const CheckOptions& options)
{
  std::error_code error;
  if (options.output && std::filesystem::is_directory(*options.output, error)) {
    std::cerr << fmt::format("lambdalint: --output {}: is a directory\n", *options.output);
    return true;
  }
  return false;
}

int run_check(CheckOptions options)
{
  if (options.paths.empty()) {
    std::cerr << "lambdalint check: no paths given\n" << usage();
    return k_exit_usage;
  }
  if (output_is_directory(options)) {
    return k_exit_usage;
  }
  if ((options.fix || options.diff) && (options.create_baseline || options.format == OutputFormat::ndjson)) {
    std::cerr << "lambdalint: --fix and --diff cannot be combined with --create-baseline or --format ndjson\n";
    return k_exit_usage;
  }
  const std::optional<Config> config = resolve_configuration(options);
  if (!config) {
    return k_exit_usage;
  }
  // Configuration, suppressions and baseline: the pipeline's configuration stage, as for every command.
  const RunSetup setup = configure_run(*config, rules::all(), options.driver);
  if (!setup.error.empty()) {
    std::cerr << fmt::format("lambdalint: {}\n", setup.error);
    return k_exit_usage;
  }
  WalkResult walk = collect_files(options.paths);
  if (options.allow_empty) {
    // The hook's mode: pre-commit names every changed file, and one that is no template (a
    // commented tsconfig.json, a Helm chart) is skipped as a directory walk would skip it.
    for (WalkedFile& file : walk.files) {
      file.explicitly_named = false;
    }
  }
  // ignore-paths apply to what a directory walk finds; a file named on the command line is linted.
  std::erase_if(walk.files, [&](const WalkedFile& file) { return !file.explicitly_named && config->is_ignored(file.path); });
  // usage.md: lambdalint never writes the files it lints (`--output t.yaml t.yaml` is a typo that
  // would replace the template with its own report).
  {
    std::vector<std::filesystem::path> inputs(options.paths.begin(), options.paths.end());
    for (const WalkedFile& file : walk.files) {
      inputs.emplace_back(file.path);
    }
    for (const std::optional<std::string>* target : {&options.output, &options.create_baseline}) {
      if (*target && is_one_of_inputs(**target, inputs)) {
        std::cerr << fmt::format("lambdalint: {}: refusing to write over a file being linted\n", **target);
        return k_exit_usage;
      }
    }
  }
  const bool walk_found_units = !walk.files.empty();
  if (options.shard) {
    keep_shard(walk, options);
  }
  if (options.format == OutputFormat::ndjson && !options.create_baseline) {
    return run_check_streaming(walk, options, *config, walk_found_units);
  }
  std::vector<UnitResult> results = lint_all(walk.files, options);
  if (options.fix || options.diff) {
    if (const std::optional<int> status = run_fixes(walk, options, results)) {
      return *status;
    }
  }

  std::vector<Finding> findings;
  std::vector<report::InputError> input_errors;
  for (const auto& [path, message] : walk.errors) {
    input_errors.push_back({path, message});
  }
  std::size_t linted = 0;
  std::vector<std::string> checked_files;
  bool internal_error = false;
  std::size_t suppressed = 0; // dropped by the pipeline (analyzer/driver.h)
  std::size_t baselined = 0;
  for (UnitResult& result : results) {
    linted += result.linted ? 1 : 0;
    suppressed += result.suppressed;
    baselined += result.baselined;
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
  // The pipeline dropped what does not count (and counted it), unless include-suppressed asks
  // to show it: every finding left is reported.
  report::ReportInput input;
  input.findings = findings;
  input.checked_files = checked_files;
  input.rules = rules::all();
  input.input_errors = input_errors;
  input.tool_version = LAMBDALINT_VERSION;
  // SARIF URIs are relative to the repository of what is linted (GitHub resolves them against the
  // checkout root), whatever directory lambdalint runs from.
  std::error_code ignored;
  input.base_directory = find_repository_root(std::filesystem::absolute(options.paths.front(), ignored));
  input.files_checked = linted;
  input.suppressed = suppressed;
  input.baselined = baselined;
  input.fail_on = options.fail_on;

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
  case OutputFormat::ndjson: // only with --create-baseline, which returned above; streamed otherwise
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
  if (linted == 0 && !options.allow_empty && !(options.shard && walk_found_units)) {
    std::cerr << k_nothing_found;
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
  std::cout << fmt::format("{:<6} {:<36} {:<8} {:<4} {:<10} {}\n", "id", "name", "level", "on", "group", "summary");
  for (const Rule* rule : rules::all()) {
    std::cout << fmt::format("{:<6} {:<36} {:<8} {:<4} {:<10} {}\n", rule->meta.id, rule->meta.name, to_string(rule->meta.level),
                             rule->meta.enabled_by_default ? "yes" : "no", rule->meta.group, rule->meta.summary);
  }
  std::cout << "\non = runs by default. The others are opt-in: --extend-select ID, NAME, FAMILY or GROUP (e.g. hardening),\n"
               "or `extend-select:` in .lambdalint.yaml (docs/configuration.md).\n";
  return k_exit_clean;
}

/// Shows `page` through $PAGER (default `less -FRX`) like man when stdout is a terminal; prints it
/// directly otherwise or when the pager cannot run.
void show_paged(const std::string& page)
{
  if (isatty(STDOUT_FILENO) != 0) {
    const char* configured = std::getenv("PAGER");
    const std::string pager = configured != nullptr && *configured != '\0' ? configured : "less -FRX";
    std::cout << std::flush;
    // A reader who quits the pager early closes the pipe: that must not kill us with SIGPIPE.
    const auto previous = std::signal(SIGPIPE, SIG_IGN);
    if (FILE* pipe = popen(pager.c_str(), "w")) {
      std::fwrite(page.data(), 1, page.size(), pipe);
      const int status = pclose(pipe);
      std::signal(SIGPIPE, previous);
      if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) != 127) {
        return;
      }
    } else {
      std::signal(SIGPIPE, previous);
    }
  }
  std::cout << page;
}

int run_explain(const std::vector<std::string>& arguments, bool markdown)
{
  if (arguments.size() != 1) {
    std::cerr << "usage: lambdalint explain [--markdown] LLnnn|NAME\n";
    return k_exit_usage;
  }
  const std::optional<std::string> canonical = canonical_selector(arguments[0], rules::all());
  const Rule* rule = canonical ? rules::find(*canonical) : nullptr;
  if (rule == nullptr) {
    std::cerr << fmt::format("lambdalint explain: no rule '{}'{} (see `lambdalint rules`)\n", arguments[0],
                             selector_suggestion(arguments[0], rules::all()));
    return k_exit_usage;
  }
  if (markdown) {
    std::cout << rule_markdown(*rule);
    return k_exit_clean;
  }
  const bool color = isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
  show_paged(rule_terminal(*rule, color));
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
    if (argc >= 2 && std::string_view(argv[1]) == "policy") {
      return run_policy(argc - 2, argv + 2);
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
      if (error == "missing command") {
        std::cerr << usage();
      } else {
        std::cerr << "lambdalint: " << error << " (see `lambdalint --help`)\n";
      }
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
      return run_explain(command->arguments, command->markdown);
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
    std::cerr << fmt::format("lambdalint: unknown command '{}'{} (see `lambdalint --help`)\n", command->name,
                             command_suggestion(command->name));
    return k_exit_usage;
  } catch (const std::exception& error) {
    std::cerr << "lambdalint: fatal: " << error.what() << "\n";
    return k_exit_usage;
  }
}
