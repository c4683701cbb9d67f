#pragma once
// One unit of analysis, end to end: bytes → document → model → findings. Shared by the CLI, the
// LSP server and the benchmarks so they all lint exactly the same way.

#include "analyzer/engine.h"
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
};

struct DriverOptions {
  RuleOptions rule_options;
  RuleSelection selection;
  /// A file named on the command line is linted even when it does not look like a template, so a
  /// syntax error is reported instead of the file being skipped.
  bool explicitly_named = false;
  /// Level overrides, suppressions and baseline, applied after the rules (analyzer/suppressions.h).
  PolicyOptions policy;
};

/// Lints the text of one CloudFormation/SAM file. `bytes` may be anything: invalid UTF-8, UTF-16
/// with a BOM, binary. Never throws.
UnitResult lint_text(std::string path, std::string bytes, std::span<const Rule* const> rules, const DriverOptions& options);

/// Reads and lints one file (a directory: a Terraform module, see lint_terraform_module).
UnitResult lint_file(const std::string& path, std::span<const Rule* const> rules, const DriverOptions& options);

/// Lints a Terraform module directory (all its .tf files, its local child modules, the root's
/// tfvars) as one unit. `buffers` (path → text), when given, replace those files on disk: an
/// editor's unsaved buffers. Never throws.
UnitResult lint_terraform_module(const std::string& directory, std::span<const Rule* const> rules, const DriverOptions& options,
                                 const std::map<std::string, std::string, std::less<>>* buffers = nullptr);

/// Runs the rules and policies over a model some frontend built (a Terraform plan or state, an
/// audit's snapshot). Never throws for rule errors (they become internal_errors).
UnitResult lint_model(std::string path, const Model& model, std::span<const Rule* const> rules, const DriverOptions& options);

/// Whether a file name is one lambdalint looks at during a directory walk.
bool has_template_extension(std::string_view path);

/// Offset of the first invalid UTF-8 byte, or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

} // namespace lint
