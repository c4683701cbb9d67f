#pragma once
// Reporters: turn format-neutral Findings into text (terminal), JSON (scripts, baselines) and
// SARIF 2.1.0 (GitHub code scanning). Positions are computed here and nowhere earlier: byte columns
// for text/JSON, UTF-16 columns for SARIF (GitHub's columnKind).

#include "analyzer/rule.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace lint::report {

/// A file that could not be read or parsed at all; it has no position.
struct InputError {
  std::string path;
  std::string message;
};

struct ReportInput {
  std::span<const Finding> findings;     // already sorted (file, line, column, rule) by the caller
  std::span<const Rule* const> rules;    // every registered rule; SARIF lists them all, sorted by id
  std::span<const InputError> input_errors;
  std::string_view tool_version;         // "0.1.0"
  std::filesystem::path base_directory;  // repository root: SARIF URIs are relative to it
  std::size_t files_checked = 0;
  std::span<const std::string> checked_files; // every linted file (JUnit lists the clean ones too)
  /// Findings that do not count and are not in `findings` (shown only with --include-suppressed):
  /// the summaries say how many there were.
  std::size_t suppressed = 0; // by a comment, Metadata or another tool's suppression
  std::size_t baselined = 0;  // recorded in the baseline
  /// JUnit: findings at or above this level are failures; the others are passing testcases with
  /// the finding as system-out (nullopt = --fail-on none: nothing fails).
  std::optional<Level> fail_on = Level::warning;
};

/// Compiler style: `path:line:col: level[LL401]: message`, the source line, a `^~~~` underline,
/// related notes, the fix title; a summary line last. ANSI colours only when `color`.
void write_text(std::ostream& out, const ReportInput& input, bool color);
/// One JSON document (stable key order, 1-based lines, 1-based byte columns, byte offsets).
void write_json(std::ostream& out, const ReportInput& input);
/// One SARIF 2.1.0 log with one run, shaped for GitHub code scanning (see ECOSYSTEM.md §1).
void write_sarif(std::ostream& out, const ReportInput& input);

/// GitHub Actions workflow commands, one per finding: `::error file=F,line=L,endLine=..,col=C,
/// endColumn=..,title=LL401 name::message`, escaped as actions/toolkit does; paths relative to the
/// repository root; note → `::notice`.
void write_github(std::ostream& out, const ReportInput& input);
/// JUnit XML: one testsuite per file, one failing testcase per finding, one passing testcase for
/// each clean file.
void write_junit(std::ostream& out, const ReportInput& input);

/// NDJSON (docs/performance.md, "NDJSON output"), schema "lambdalint-ndjson/1": one line per
/// finding ({"type":"finding", then the keys of a JSON-format finding}) and per input error
/// ({"type":"error","path","message"}), written per unit as it finishes and flushed.
void write_ndjson_unit(std::ostream& out, std::span<const Finding> findings, std::span<const InputError> errors,
                       std::span<const Rule* const> rules);
/// The last NDJSON line: {"type":"summary","schema","version","files_checked","errors","summary",
/// "shard"}; "summary" counts the findings written by level, and those that did not count
/// ("suppressed", "baselined"). `shard` is "I/N" or empty (null) when the run is not sharded.
void write_ndjson_summary(std::ostream& out, std::string_view tool_version, std::size_t files_checked, std::size_t errors,
                          const std::array<std::size_t, 3>& level_counts, std::size_t suppressed, std::size_t baselined,
                          std::string_view shard);

/// URI for `file`: percent-encoded, forward slashes, relative to `base` when the file is under it
/// ("templates/app%20v2.yaml"), else an absolute `file:///` URI. Symlinks are resolved first
/// (GitHub does not display symlinked paths).
std::string relative_uri(const std::filesystem::path& file, const std::filesystem::path& base);

/// The SARIF partialFingerprints value ("lambdalintFingerprint/v1"): 16 lower-case hex digits of a
/// 64-bit FNV-1a over the finding's fingerprint, a NUL byte and its relative URI. Exposed so
/// baselines can match SARIF logs from earlier runs.
std::string sarif_fingerprint(std::string_view fingerprint, std::string_view uri);

} // namespace lint::report
