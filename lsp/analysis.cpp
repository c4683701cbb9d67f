#include "lsp/analysis.h"

#include "analyzer/code/code_reader.h"
#include "support/read_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lint::lsp {

namespace fs = std::filesystem;

bool is_code_file(std::string_view path)
{
  for (const std::string_view extension : {".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"}) {
    if (path.ends_with(extension)) {
      return true;
    }
  }
  return false;
}

UnitId unit_of(std::string_view path)
{
  if (is_terraform_file(path)) {
    return {UnitKind::terraform_module, fs::path(path).parent_path().string()};
  }
  return {UnitKind::template_file, std::string(path)};
}

std::string normal_path(std::string_view path)
{
  return fs::path(path).lexically_normal().string();
}

std::uint64_t disk_stamp(const UnitId& unit)
{
  std::error_code error;
  const auto stamp_of = [&](const fs::path& path) -> std::uint64_t {
    const auto time = fs::last_write_time(path, error);
    return error ? 0 : static_cast<std::uint64_t>(time.time_since_epoch().count());
  };
  if (unit.kind == UnitKind::template_file) {
    return stamp_of(unit.key);
  }
  std::uint64_t stamp = 0;
  for (fs::directory_iterator it(unit.key, error), end; !error && it != end; it.increment(error)) {
    if (is_terraform_file(it->path().string())) {
      std::error_code file_error;
      const auto time = fs::last_write_time(it->path(), file_error);
      // Order-independent: a sum of the times, and the count folded in so a removal shows.
      stamp += 1 + (file_error ? 0 : static_cast<std::uint64_t>(time.time_since_epoch().count()));
    }
  }
  return stamp;
}

void add_files_from_disk(UnitSnapshot& snapshot)
{
  snapshot.disk_stamp = disk_stamp(snapshot.unit); // before the reads: a write during them shows next time
  if (snapshot.unit.kind != UnitKind::terraform_module) {
    if (snapshot.files.empty()) {
      ::lint::ReadResult read = read_regular_file(snapshot.unit.key); // never blocks, bounded
      if (read.text) {
        snapshot.files.push_back({snapshot.unit.key, std::move(*read.text), std::nullopt});
      }
    }
    return;
  }
  std::error_code error;
  std::vector<std::string> on_disk;
  for (fs::directory_iterator it(snapshot.unit.key, error), end; !error && it != end; it.increment(error)) {
    const std::string path = it->path().string();
    if (is_terraform_file(path) && it->is_regular_file(error)) {
      on_disk.push_back(path);
    }
  }
  std::sort(on_disk.begin(), on_disk.end());
  for (const std::string& path : on_disk) {
    const bool open = std::any_of(snapshot.files.begin(), snapshot.files.end(), [&](const FileSnapshot& file) { return file.path == path; });
    if (open) {
      continue; // the buffer wins over the disk
    }
    ::lint::ReadResult read = read_regular_file(path); // never blocks, bounded (support/read_file.h)
    if (read.text) {
      snapshot.files.push_back({path, std::move(*read.text), std::nullopt});
    }
  }
  std::sort(snapshot.files.begin(), snapshot.files.end(), [](const FileSnapshot& a, const FileSnapshot& b) { return a.path < b.path; });
}

namespace {

/// The open handler files as the code readers' overlay.
code::CodeOverlay code_overlay_of(const UnitSnapshot& snapshot)
{
  std::map<std::string, std::string, std::less<>> buffers;
  for (const FileSnapshot& file : snapshot.code_buffers) {
    buffers.emplace(file.path, file.text);
  }
  return code::CodeOverlay(buffers);
}

/// Where a finding is published: its file (normalised: a code file's path is built from the
/// template's directory and CodeUri, `src/./app.py`), else the unit.
std::string finding_path(const Finding& finding, const std::string& fallback)
{
  return finding.primary.file ? normal_path(finding.primary.file->path()) : fallback;
}

} // namespace

UnitAnalysis analyze_terraform_module(const UnitSnapshot& snapshot, std::span<const Rule* const> rules)
{
  code::CodeOverlay overlay = code_overlay_of(snapshot);
  const code::ScopedCodeOverlay scope(&overlay);
  std::map<std::string, std::string, std::less<>> buffers;
  for (const FileSnapshot& file : snapshot.files) {
    if (file.version) {
      buffers.emplace(file.path, file.text); // open buffers win over the disk
    }
  }
  UnitResult result = lint_terraform_module(snapshot.unit.key, rules, snapshot.options, &buffers);
  UnitAnalysis analysis;
  for (const FileSnapshot& file : snapshot.files) {
    analysis.files.push_back({file.path, {}}); // every file of the module republishes (and clears)
  }
  for (Finding& finding : result.findings) {
    const std::string path = finding_path(finding, snapshot.unit.key);
    auto file = std::find_if(analysis.files.begin(), analysis.files.end(), [&](const FileFindings& known) { return known.path == path; });
    if (file == analysis.files.end()) {
      // A finding in a local child module's file: published too, under that file.
      analysis.files.push_back({path, {}});
      file = std::prev(analysis.files.end());
    }
    file->findings.push_back(std::move(finding));
  }
  for (const std::string& error : result.internal_errors) {
    analysis.log.push_back(error);
  }
  analysis.code_files = overlay.files_read();
  return analysis;
}

UnitAnalysis analyze_unit(const UnitSnapshot& snapshot, std::span<const Rule* const> rules, const TerraformModuleAnalyzer& terraform)
{
  if (snapshot.unit.kind == UnitKind::terraform_module) {
    return terraform ? terraform(snapshot) : analyze_terraform_module(snapshot, rules);
  }
  UnitAnalysis analysis;
  code::CodeOverlay overlay = code_overlay_of(snapshot);
  const code::ScopedCodeOverlay scope(&overlay);
  for (const FileSnapshot& file : snapshot.files) {
    if (is_code_file(file.path)) {
      continue; // publishing nothing keeps what a template's analysis published on it
    }
    UnitResult result = lint_text(file.path, file.text, rules, snapshot.options);
    for (const std::string& error : result.internal_errors) {
      analysis.log.push_back(fmt::format("{}: {}", file.path, error));
    }
    if (result.input_error) {
      analysis.log.push_back(fmt::format("{}: {}", file.path, *result.input_error));
    }
    analysis.files.push_back({file.path, {}});
    for (Finding& finding : result.findings) {
      // A finding in another file than the template (LL308 at a call in the handler's code) is
      // published under that file, never at its line numbers in the template.
      const std::string path = finding_path(finding, file.path);
      auto target = std::find_if(analysis.files.begin(), analysis.files.end(), [&](const FileFindings& known) { return known.path == path; });
      if (target == analysis.files.end()) {
        analysis.files.push_back({path, {}});
        target = std::prev(analysis.files.end());
      }
      target->findings.push_back(std::move(finding));
    }
  }
  analysis.code_files = overlay.files_read();
  return analysis;
}

} // namespace lint::lsp
