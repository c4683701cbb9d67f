#pragma once
// What a rule reports. Format-neutral: reporters (text, JSON, SARIF) and the LSP server convert it.

#include "support/source.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lint {

enum class Level : std::uint8_t { note, warning, error };

std::string_view to_string(Level level);
std::optional<Level> level_from_string(std::string_view text);

struct TextEdit {
  SourceRange range;     // replaced range; empty for an insertion
  std::string new_text;
  /// The file the edit applies to; null for the finding's primary file. A fix may edit another
  /// file than the one its finding is reported in: LL308 reports the call in the handler's code
  /// and grants the permission in the template that declares the role.
  SourceFilePtr file;
};

/// ruff's applicability: `--fix` applies only safe fixes.
enum class Applicability : std::uint8_t { display_only, unsafe, safe };

struct Fix {
  std::string title; // imperative: "Set Timeout to 29"
  std::vector<TextEdit> edits; // sorted and non-overlapping within each file they edit (see edited_file)
  Applicability applicability = Applicability::unsafe;
};

struct RelatedLocation {
  Location location;
  std::string message;
};

/// Why a finding does not count: a comment or Metadata entry in the template, another tool's
/// suppression (--respect-other-tools), or a baseline. Suppressed findings are kept (SARIF
/// `suppressions`, --include-suppressed) but never fail a run.
struct Suppression {
  std::string via;            // "comment", "metadata", "template-metadata", "baseline", "cfn-lint", "checkov", "cfn_nag"
  std::string justification;  // the reason written with it (may be empty)
  std::optional<Location> location; // where it is written; none for a baseline
  bool external = false;      // SARIF kind: external (baseline) or inSource
};

struct Finding {
  std::string_view rule_id; // "LL401": points at the rule's static metadata
  Level level = Level::warning;
  std::string message;
  Location primary;
  std::vector<RelatedLocation> related;
  std::optional<Fix> fix;
  /// Stable identity for baselines and SARIF partialFingerprints: rule, resource and property
  /// path, never line numbers, so moved code keeps its fingerprint.
  std::string fingerprint;
  /// Logical id / address of the resource the primary location lies in (empty when none); filled
  /// by apply_policies, part of the baseline key.
  std::string resource;
  std::optional<Suppression> suppression;
};

/// The file an edit of the finding's fix applies to: the edit's own file, else the finding's
/// primary file (null when neither is known).
inline const SourceFilePtr& edited_file(const Finding& finding, const TextEdit& edit)
{
  return edit.file ? edit.file : finding.primary.file;
}

} // namespace lint
