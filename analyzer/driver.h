#pragma once
// The pipeline every command runs (check, lsp, graph, audit) and the benchmarks too:
//   input → front end (analyzer/frontends.h) → model → rules (engine.h)
//         → configuration levels, suppressions and baseline (suppressions.h) → findings
// so that they all lint exactly the same way. The report is the caller's (report/, lsp/).

#include "analyzer/engine.h"
#include "analyzer/frontends.h"
#include "analyzer/suppressions.h"

#include <map>
#include <optional>
#include <string>

namespace lint {

struct UnitResult {
  std::string path;
  bool linted = false;           // a template (or a file that should have been one) was analysed
  std::vector<Finding> findings;
  std::vector<std::string> internal_errors;
  std::optional<std::string> input_error; // unreadable/binary: no position to give
  /// Findings the pipeline dropped because they do not count (not in `findings` unless
  /// include_suppressed): the summaries say how many there were.
  std::size_t suppressed = 0; // by a comment, Metadata or another tool's suppression
  std::size_t baselined = 0;  // recorded in the baseline
};

struct DriverOptions {
  RuleOptions rule_options;
  RuleSelection selection;
  /// A file named on the command line is linted even when it does not look like a template, so a
  /// syntax error is reported instead of the file being skipped.
  bool explicitly_named = false;
  /// Level overrides, suppressions and baseline, applied after the rules (analyzer/suppressions.h).
  PolicyOptions policy;
  /// Keep the findings a suppression or the baseline covers (marked by Finding::suppression):
  /// --include-suppressed, the editor setting includeSuppressed, --create-baseline. Otherwise the
  /// pipeline drops them, so no command can show what `check` hides.
  bool include_suppressed = false;
  /// Threads the rules of one unit are shared across (an account snapshot is one huge unit).
  unsigned rule_jobs = 1;
};

/// A unit through the whole pipeline, with the model it was built into (graph draws it).
struct AnalyzedUnit {
  UnitResult result;
  std::unique_ptr<Model> model;       // nullptr when no front end claimed the input
  const Frontend* frontend = nullptr; // the front end that built `model`
  bool elsewhere = false;             // claimed, but analysed as part of another unit
};

/// A file's text or a directory (a Terraform module, `buffers` overlaid on its files) through the
/// pipeline. Never throws.
AnalyzedUnit analyze_text(std::string path, std::string bytes, std::span<const Rule* const> rules, const DriverOptions& options);
AnalyzedUnit analyze_path(const std::string& path, std::span<const Rule* const> rules, const DriverOptions& options,
                          const BufferMap* buffers = nullptr);

/// Lints the text of one file (whatever front end claims it). `bytes` may be anything: invalid
/// UTF-8, UTF-16 with a BOM, binary. Never throws.
UnitResult lint_text(std::string path, std::string bytes, std::span<const Rule* const> rules, const DriverOptions& options);

/// Reads and lints one file (a directory: a Terraform module, see lint_terraform_module).
UnitResult lint_file(const std::string& path, std::span<const Rule* const> rules, const DriverOptions& options);

/// Lints a Terraform module directory (all its .tf files, its local child modules, the root's
/// tfvars) as one unit. `buffers` (path → text), when given, replace those files on disk: an
/// editor's unsaved buffers. Never throws.
UnitResult lint_terraform_module(const std::string& directory, std::span<const Rule* const> rules, const DriverOptions& options,
                                 const std::map<std::string, std::string, std::less<>>* buffers = nullptr);

/// The stages after the front end: rules, then levels, suppressions and the baseline, then the
/// suppressed findings dropped unless options.include_suppressed. `rules_without_facts` are not
/// run; `editable` false drops the fixes. Never throws for rule errors (they become
/// internal_errors).
UnitResult lint_model(std::string path, const Model& model, std::span<const Rule* const> rules, const DriverOptions& options,
                      std::span<const std::string_view> rules_without_facts = {}, bool editable = true);

/// Whether a file name is one lambdalint looks at during a directory walk.
bool has_template_extension(std::string_view path);

/// Offset of the first invalid UTF-8 byte, or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

} // namespace lint
