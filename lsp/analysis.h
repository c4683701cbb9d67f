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
  /// The open handler files (.py, .js, .ts, ...): the code readers take these buffers instead of
  /// the files on disk (analyzer/code/code_reader.h), so an unsaved edit is analysed.
  std::vector<FileSnapshot> code_buffers;
  /// disk_stamp() of the unit when add_files_from_disk() read it.
  std::uint64_t disk_stamp = 0;
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
  /// Handler code files the analysis read (lexically normal paths, sorted): the server re-analyses
  /// the unit when one of them changes in the editor, and publishes the unit's findings on them.
  std::vector<std::string> code_files;
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
/// holds only its open buffers; reads a template that is not open (a unit analysed for a handler
/// file open without it) from disk. An open template is left alone.
void add_files_from_disk(UnitSnapshot& snapshot);

/// The unit's files on disk as one number that changes when one of them is written, added or
/// removed (modification times and count): a unit analysed from disk is analysed again only when
/// it changed. 0 when nothing can be read.
std::uint64_t disk_stamp(const UnitId& unit);

/// `path` lexically normalised (`src/./app.py` → `src/app.py`): how code files are compared.
std::string normal_path(std::string_view path);

} // namespace lint::lsp
