#pragma once
// Runs rules over a model. The engine receives the rule list; it never includes rules/.

#include "analyzer/model.h"
#include "analyzer/rule.h"

#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace lint {

/// Which rules run, ruff-style. Selectors are rule ids, rule names, families, groups ("default",
/// "hardening") or "all", in canonical spelling (config.h: canonical_selector).
struct RuleSelection {
  /// `select`: replaces the default set (the rules of the "default" group) when given.
  std::optional<std::set<std::string, std::less<>>> select;
  std::set<std::string, std::less<>> enable;  // `extend-select` (`--enable`): added to the set
  std::set<std::string, std::less<>> disable; // `ignore` (`--disable`): removed from the set
  /// The most specific selector decides: id or name over family over group over "all"; at equal
  /// specificity `ignore` wins. So `ignore: [vpc]` with `extend-select: [LL502]` runs LL502 only.
  bool is_selected(const RuleMeta& meta) const;
};

struct EngineResult {
  std::vector<Finding> findings;      // sorted by position, then rule id
  std::vector<std::string> internal_errors; // a rule that threw: reported, never fatal to the run
};

/// `jobs` > 1 shares the rules across that many threads (the model is read-only to rules): one
/// huge unit, such as an account snapshot, uses the cores a walk of many files would.
EngineResult run_rules(const Model& model, std::span<const Rule* const> rules, const RuleOptions& options,
                       const RuleSelection& selection, unsigned jobs = 1);

/// Orders findings by file path, position, rule id and message, and drops exact duplicates.
void sort_findings(std::vector<Finding>& findings);

} // namespace lint
