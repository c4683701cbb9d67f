#include "analyzer/engine.h"

#include "analyzer/code/code_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>
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

namespace {

EngineResult run_rules_parallel(const Model& model, std::span<const Rule* const> rules, const RuleOptions& options,
                                const RuleSelection& selection, unsigned jobs)
{
  std::vector<std::vector<const Rule*>> shares(jobs);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    shares[i % jobs].push_back(rules[i]);
  }
  std::vector<EngineResult> results(jobs);
  std::vector<std::thread> threads;
  // The rules reading handler code see the caller's editor buffers on every thread.
  code::CodeOverlay* overlay = code::current_code_overlay();
  for (unsigned t = 1; t < jobs; ++t) {
    threads.emplace_back([&, t, overlay] {
      const code::ScopedCodeOverlay scope(overlay);
      results[t] = run_rules(model, shares[t], options, selection, 1);
    });
  }
  results[0] = run_rules(model, shares[0], options, selection, 1);
  for (std::thread& thread : threads) {
    thread.join();
  }
  EngineResult joined;
  for (EngineResult& result : results) {
    std::move(result.findings.begin(), result.findings.end(), std::back_inserter(joined.findings));
    std::move(result.internal_errors.begin(), result.internal_errors.end(), std::back_inserter(joined.internal_errors));
  }
  sort_findings(joined.findings);
  return joined;
}

} // namespace

EngineResult run_rules(const Model& model, std::span<const Rule* const> rules, const RuleOptions& options,
                       const RuleSelection& selection, unsigned jobs)
{
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(rules.size()));
  if (jobs > 1) {
    return run_rules_parallel(model, rules, options, selection, jobs);
  }
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
  sort_findings(result.findings);
  return result;
}

} // namespace lint
