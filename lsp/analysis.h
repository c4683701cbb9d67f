#pragma once
// The unit of analysis and the driver entry point the workspace analyses it through. LSP-agnostic.
//
// A CloudFormation/SAM template is analysed on its own. A Terraform file belongs to its module
// directory: every .tf file there is analysed together, open buffers overlaid on the files on
// disk, and findings come back for every file of the module (so the server publishes for all).

#include "analyzer/driver.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lint::lsp {

enum class UnitKind : std::uint8_t { template_file, terraform_module };

struct UnitId {
  UnitKind kind = UnitKind::template_file;
  std::string key; // the template's path, or the module's directory
  friend bool operator==(const UnitId&, const UnitId&) = default;
};

/// A handler's source file (.py, .js, .mjs, .cjs, .ts): not a unit of its own. Its findings come
/// from the templates whose functions it belongs to (LL308), published on it by their analysis.
bool is_code_file(std::string_view path);

/// The unit `path` belongs to: "*.tf" and "*.tf.json" → their directory, anything else → itself.
UnitId unit_of(std::string_view path);

struct FileSnapshot {
  std::string path;
  std::string text;
  std::optional<std::int64_t> version; // the open buffer's version; nullopt = read from disk
};

/// Everything one analysis needs, copied: the worker never touches the live workspace.
struct UnitSnapshot {
  UnitId unit;
  std::vector<FileSnapshot> files;
  DriverOptions options;
  std::uint64_t settings_generation = 0;
};

struct FileFindings {
  std::string path;
  std::vector<Finding> findings;
};

struct UnitAnalysis {
  /// One entry per file of the unit, also for files without findings (their diagnostics clear).
  std::vector<FileFindings> files;
  /// Log lines for the client (window/logMessage): rules that threw, units not analysed, ...
  std::vector<std::string> log;
};

/// The driver entry point: analyses one unit. Must not throw (the server still catches).
using UnitAnalyzer = std::function<UnitAnalysis(const UnitSnapshot&)>;

/// A replacement for the Terraform module analysis (tests use a stand-in).
using TerraformModuleAnalyzer = std::function<UnitAnalysis(const UnitSnapshot&)>;

/// A Terraform module through lint_terraform_module(), open buffers overlaid on the disk;
/// findings grouped by file (a local child module's files included).
UnitAnalysis analyze_terraform_module(const UnitSnapshot& snapshot, std::span<const Rule* const> rules);

/// The default analyzer: CloudFormation/SAM through lint_text(); Terraform through `terraform`
/// when given (tests substitute one), else analyze_terraform_module().
UnitAnalysis analyze_unit(const UnitSnapshot& snapshot, std::span<const Rule* const> rules,
                          const TerraformModuleAnalyzer& terraform = {});

/// Adds the module's other .tf files from disk (sorted by name) to a Terraform snapshot that
/// holds only its open buffers. Template units are left alone.
void add_files_from_disk(UnitSnapshot& snapshot);

} // namespace lint::lsp
