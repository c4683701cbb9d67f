#pragma once
// Everything that happens to findings after the rules ran, in one place so the CLI and the LSP
// server give identical results (docs/suppressions.md, docs/configuration.md):
//   1. level overrides from the configuration,
//   2. in-template suppressions: `# lambdalint:ignore LL101 reason` comments (YAML, HCL `#`/`//`),
//      resource and template Metadata `lambdalint: {ignore: [{rule, reason, until}]}`, and with
//      --respect-other-tools cfn-lint / checkov / cfn_nag / tfsec / trivy suppressions of the rules we map,
//   3. the baseline.
// Suppressed findings are kept with a Suppression record; the meta rules LL010 (no reason),
// LL011 (unused or naming no rule) and LL012 (expired) report problems with the suppressions.

#include "analyzer/model.h"
#include "analyzer/rule.h"

#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace lint {

class Baseline;
struct RuleSelection;

/// One suppression written in a file, before it is matched against findings.
struct SuppressionDirective {
  enum class Origin : std::uint8_t { comment, metadata, template_metadata, cfn_lint, checkov, cfn_nag, tfsec, trivy };
  Origin origin = Origin::comment;
  std::vector<std::string> rules;     // as written: LL101, a rule name, or another tool's id
  std::vector<SourceRange> rule_ranges; // where each entry of `rules` is written
  std::string reason;
  std::optional<std::chrono::sys_days> until;
  Location location;                  // the comment / Metadata entry
  /// Findings whose primary location starts inside this range are covered.
  SourceRange scope;
  std::string problem;                // a malformed directive (bad date): reported as LL011
};

std::string_view to_string(SuppressionDirective::Origin origin);

/// Comments of a source text: `#` (and for HCL `//`, `/* */`) outside quoted strings.
struct Comment {
  SourceRange range;   // the comment, marker included
  std::string_view text; // after the marker
  bool own_line = false; // nothing but whitespace before it on its line
};
enum class CommentSyntax : std::uint8_t { yaml, hcl, none };
std::vector<Comment> scan_comments(std::string_view text, CommentSyntax syntax);

/// How the other tools' ids map onto ours (the table in docs/suppressions.md).
struct ForeignRuleMapping {
  std::string_view tool;   // "cfn-lint", "checkov", "cfn_nag", "tfsec", "trivy"
  std::string_view id;     // "W89"
  std::string_view rule;   // "LL501"
};
std::span<const ForeignRuleMapping> foreign_rule_mappings();

/// Every directive of one model's file: comments and Metadata (and the other tools' forms when
/// `respect_other_tools`). Format-neutral: comment scopes come from the model's resources and
/// property values, so a Terraform model works the same once its frontend fills them.
std::vector<SuppressionDirective> collect_directives(const Model& model, bool respect_other_tools);

/// What the policy step needs besides the findings.
struct PolicyOptions {
  /// Level overrides by rule id, name or family (the most specific wins).
  std::map<std::string, Level, std::less<>> levels;
  bool respect_other_tools = false;
  const Baseline* baseline = nullptr;
  /// Every registered rule, to tell a suppression naming no rule from one naming a rule that did
  /// not run; empty = the rules that ran.
  std::span<const Rule* const> known_rules;
};

/// Applies levels, suppressions and the baseline to the findings of one unit, fills
/// Finding::resource, and appends meta findings (LL010-LL012) for the meta rules in `rules` that
/// `selection` enables. `rules` is what ran: unused suppressions are only judged for those.
/// Suppressions with `until` before `as_of` have expired.
void apply_policies(const Model& model, std::vector<Finding>& findings, std::span<const Rule* const> rules,
                    const RuleSelection& selection, const PolicyOptions& options, std::chrono::sys_days as_of);

/// Resource whose range holds the location (innermost), or nullptr. One lookup scans every
/// resource; for many lookups build a ResourceLocator.
const Resource* resource_at(const Model& model, const Location& location);

/// resource_at for many lookups: the model's resources indexed per file, sorted by start, so a
/// lookup is a binary search (an account snapshot has 10,000+ resources and as many findings).
/// Ranges nest or are disjoint; among resources with the same start the smallest wins.
class ResourceLocator {
public:
  explicit ResourceLocator(const Model& model);
  const Resource* resource_at(const Location& location) const;

private:
  struct Owned {
    SourceRange range; // the resource's range, or one of its other_ranges
    const Resource* resource = nullptr;
  };
  std::unordered_map<std::string_view, std::vector<Owned>> m_by_file;
};

} // namespace lint
