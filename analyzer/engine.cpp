#include "analyzer/engine.h"

#include "analyzer/terraform/attribute_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace lint {

namespace {

constexpr int k_unmatched = -3;
constexpr int k_by_default = -1; // on by default: weaker than any selector

/// How specifically `selectors` name `meta`: 3 id or name, 2 family, 1 group, 0 "all".
int specificity(const std::set<std::string, std::less<>>& selectors, const RuleMeta& meta)
{
  if (selectors.contains(meta.id) || selectors.contains(meta.name)) {
    return 3;
  }
  if (selectors.contains(meta.family)) {
    return 2;
  }
  if (selectors.contains(meta.group)) {
    return 1;
  }
  return selectors.contains("all") ? 0 : k_unmatched;
}

} // namespace

bool RuleSelection::is_selected(const RuleMeta& meta) const
{
  // The base set: `select` when given, else the rules on by default.
  int on = k_unmatched;
  if (select) {
    on = specificity(*select, meta);
  } else if (meta.enabled_by_default) {
    on = k_by_default;
  }
  on = std::max(on, specificity(enable, meta));
  return on != k_unmatched && on > specificity(disable, meta);
}

void sort_findings(std::vector<Finding>& findings)
{
  auto key = [](const Finding& finding) {
    const std::string_view path = finding.primary.file ? std::string_view(finding.primary.file->path()) : std::string_view();
    return std::make_tuple(path, finding.primary.range.begin, finding.rule_id, std::string_view(finding.message),
                           finding.primary.range.end);
  };
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  findings.erase(std::unique(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) { return key(a) == key(b); }),
                 findings.end());
}

EngineResult run_rules(const Model& model, std::span<const Rule* const> rules, const RuleOptions& options,
                       const RuleSelection& selection)
{
  EngineResult result;
  for (const Rule* rule : rules) {
    if (rule->check == nullptr || !selection.is_selected(rule->meta)) {
      continue;
    }
    RuleContext context(*rule, options, result.findings);
    try {
      rule->check(model, context);
    } catch (const std::exception& error) {
      result.internal_errors.push_back(fmt::format("{}: internal error in rule {}: {}",
                                                   model.file ? model.file->path() : std::string("?"), rule->meta.id, error.what()));
    }
  }
  if (model.format == SourceFormat::terraform) {
    terraform::use_attribute_names(result.findings);
  }
  sort_findings(result.findings);
  return result;
}

} // namespace lint
