// Applying the policies to the findings of one unit: level overrides, the directives
// (suppression_directives.cpp), the baseline, and the meta findings LL010-LL012.

#include "analyzer/suppressions.h"

#include "analyzer/baseline.h"
#include "analyzer/config.h"
#include "analyzer/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace lint {
namespace {
// The meta rules (rules/health/*_suppression*.cpp); the policy step reports their findings.
constexpr std::string_view k_rule_without_reason = "LL010";
constexpr std::string_view k_rule_unused = "LL011";
constexpr std::string_view k_rule_expired = "LL012";

bool is_meta_rule(std::string_view id)
{
  return id == k_rule_without_reason || id == k_rule_unused || id == k_rule_expired;
}

/// A reason that explains nothing: empty, or only a placeholder ("TODO", "TODO explain", "reason",
/// "reason: TODO", "FIXME", "TBD", "n/a"), in any case and punctuation. LL010 treats it as none.
bool is_placeholder_reason(std::string_view reason)
{
  std::string words;
  for (const char c : reason) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      words += static_cast<char>(std::tolower(u));
    } else if (!words.empty() && words.back() != ' ') {
      words += ' ';
    }
  }
  while (!words.empty() && words.back() == ' ') {
    words.pop_back();
  }
  if (words.starts_with("reason")) {
    words.erase(0, words.size() > 6 && words[6] == ' ' ? 7 : 6);
  }
  static constexpr std::array<std::string_view, 10> k_placeholders = {"",         "todo", "todo explain", "explain", "fixme",
                                                                      "tbd",      "xxx",  "n a",          "na",      "todo reason"};
  return std::find(k_placeholders.begin(), k_placeholders.end(), words) != k_placeholders.end();
}

// --- matching ------------------------------------------------------------------------------------

const Rule* find_rule(std::span<const Rule* const> rules, std::string_view id_or_name)
{
  for (const Rule* rule : rules) {
    if (rule != nullptr && (rule->meta.id == id_or_name || rule->meta.name == id_or_name)) {
      return rule;
    }
  }
  return nullptr;
}

bool is_lambdalint_origin(SuppressionDirective::Origin origin)
{
  using Origin = SuppressionDirective::Origin;
  return origin == Origin::comment || origin == Origin::metadata || origin == Origin::template_metadata;
}

std::string_view tool_name(SuppressionDirective::Origin origin)
{
  return is_lambdalint_origin(origin) ? "lambdalint" : to_string(origin);
}

/// Does a directive's i-th rule entry name this finding's rule?
bool names_rule(const SuppressionDirective& directive, std::size_t i, const Finding& finding, std::span<const Rule* const> known)
{
  const std::string& written = directive.rules[i];
  if (is_lambdalint_origin(directive.origin)) {
    if (written == finding.rule_id) {
      return true;
    }
    const Rule* rule = find_rule(known, written);
    return rule != nullptr && rule->meta.id == finding.rule_id;
  }
  const std::string_view tool = tool_name(directive.origin);
  const std::span<const ForeignRuleMapping> mappings = foreign_rule_mappings();
  return std::any_of(mappings.begin(), mappings.end(), [&](const ForeignRuleMapping& mapping) {
    return mapping.tool == tool && mapping.id == written && mapping.rule == finding.rule_id;
  });
}

Level overridden_level(const std::map<std::string, Level, std::less<>>& levels, const Rule* rule, std::string_view id, Level level)
{
  if (levels.empty()) {
    return level;
  }
  if (const auto it = levels.find(id); it != levels.end()) {
    return it->second;
  }
  if (rule != nullptr) {
    if (const auto it = levels.find(rule->meta.name); it != levels.end()) {
      return it->second;
    }
    if (const auto it = levels.find(rule->meta.family); it != levels.end()) {
      return it->second;
    }
  }
  return level;
}

std::string date_text(std::chrono::sys_days day)
{
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string rule_list(const SuppressionDirective& directive)
{
  return fmt::format("{}", fmt::join(directive.rules, ","));
}

} // namespace

const Resource* resource_at(const Model& model, const Location& location)
{
  if (!location.file) {
    return nullptr;
  }
  const Resource* best = nullptr;
  for (const Resource& resource : model.resources) {
    if (!resource.file || resource.file->path() != location.file->path()) {
      continue;
    }
    const std::uint32_t at = location.range.begin;
    // The logical id line counts too: a resource's range starts at its id key.
    if (at >= resource.range.begin && at < std::max(resource.range.end, resource.range.begin + 1)) {
      if (best == nullptr || resource.range.end - resource.range.begin < best->range.end - best->range.begin) {
        best = &resource;
      }
    }
  }
  return best;
}

ResourceLocator::ResourceLocator(const Model& model)
{
  for (const Resource& resource : model.resources) {
    if (resource.file) {
      std::vector<Owned>& owned = m_by_file[resource.file->path()];
      owned.push_back({resource.range, &resource});
      for (const SourceRange& other : resource.other_ranges) {
        owned.push_back({other, &resource});
      }
    }
  }
  for (auto& [path, owned] : m_by_file) {
    // By start; among equal starts the larger first, so a backward scan meets the smaller first.
    std::sort(owned.begin(), owned.end(), [](const Owned& a, const Owned& b) {
      return a.range.begin != b.range.begin ? a.range.begin < b.range.begin : a.range.end > b.range.end;
    });
  }
}

const Resource* ResourceLocator::resource_at(const Location& location) const
{
  if (!location.file) {
    return nullptr;
  }
  const auto found = m_by_file.find(location.file->path());
  if (found == m_by_file.end()) {
    return nullptr;
  }
  const std::vector<Owned>& owned = found->second;
  const std::uint32_t at = location.range.begin;
  auto candidate =
    std::upper_bound(owned.begin(), owned.end(), at, [](std::uint32_t offset, const Owned& entry) { return offset < entry.range.begin; });
  while (candidate != owned.begin()) {
    --candidate;
    // The logical id line counts too: a resource's range starts at its id key.
    if (at < std::max(candidate->range.end, candidate->range.begin + 1)) {
      return candidate->resource;
    }
  }
  return nullptr;
}

void apply_policies(const Model& model, std::vector<Finding>& findings, std::span<const Rule* const> rules,
                    const RuleSelection& selection, const PolicyOptions& options, std::chrono::sys_days as_of)
{
  const ResourceLocator locator(model);
  const std::span<const Rule* const> known = options.known_rules.empty() ? rules : options.known_rules;
  auto ran = [&](std::string_view id) {
    const Rule* rule = find_rule(rules, id);
    return rule != nullptr && selection.is_selected(rule->meta) ? rule : nullptr;
  };

  std::vector<SuppressionDirective> directives = collect_directives(model, options.respect_other_tools);
  // used[d][i]: directive d's i-th rule entry suppressed something.
  std::vector<std::vector<bool>> used(directives.size());
  for (std::size_t d = 0; d < directives.size(); ++d) {
    used[d].assign(directives[d].rules.size(), false);
  }
  auto expired = [&](const SuppressionDirective& directive) {
    return directive.until && *directive.until < as_of;
  };

  for (Finding& finding : findings) {
    const Rule* rule = find_rule(known, finding.rule_id);
    finding.level = overridden_level(options.levels, rule, finding.rule_id, finding.level);
    // The resource the location lies in; else the one the rule named (a statement of a Terraform
    // data source belongs to the policy resource using it: iam_rules::attribute_to_policy).
    if (const Resource* resource = locator.resource_at(finding.primary)) {
      finding.resource = resource->id;
    }
    if (finding.suppression) {
      continue;
    }
    for (std::size_t d = 0; d < directives.size() && finding.primary.file && !finding.suppression; ++d) {
      const SuppressionDirective& directive = directives[d];
      const bool same_file = directive.location.file && directive.location.file->path() == finding.primary.file->path();
      if (!same_file || !directive.problem.empty() || expired(directive) || !directive.scope.contains(finding.primary.range.begin)) {
        continue;
      }
      for (std::size_t i = 0; i < directive.rules.size(); ++i) {
        if (names_rule(directive, i, finding, known)) {
          used[d][i] = true;
          finding.suppression = Suppression{std::string(to_string(directive.origin)), directive.reason, directive.location, false};
          break;
        }
      }
    }
  }

  // Meta findings about the suppressions themselves.
  std::vector<Finding> meta;
  const SuppressionDirective* current = nullptr; // the directive the meta finding is about
  auto report = [&](std::string_view rule_id, const Location& where, std::string message, std::string fingerprint) {
    const Rule* rule = ran(rule_id);
    if (rule == nullptr) {
      return;
    }
    Finding& finding = meta.emplace_back();
    finding.rule_id = rule->meta.id;
    finding.level = overridden_level(options.levels, rule, rule->meta.id, rule->meta.level);
    finding.message = std::move(message);
    finding.primary = where;
    const Resource* resource = locator.resource_at(where);
    if (resource == nullptr && current != nullptr && !current->scope.empty()) {
      // A comment above a block (HCL, YAML) lies outside it: it belongs to the resource it covers,
      // which starts where the covered lines' text does (past an indented key's leading blanks).
      std::uint32_t covered = current->scope.begin;
      const std::string_view text = where.file ? where.file->text() : std::string_view();
      while (covered < current->scope.end && covered < text.size() && std::isspace(static_cast<unsigned char>(text[covered])) != 0) {
        ++covered;
      }
      resource = locator.resource_at(Location{where.file, SourceRange{covered, covered}});
    }
    finding.resource = resource ? resource->id : std::string();
    // Stable across line shifts: the resource the suppression sits in and what it names.
    finding.fingerprint = fmt::format("{}/{}/{}", rule->meta.id, finding.resource, std::move(fingerprint));
  };
  for (std::size_t d = 0; d < directives.size(); ++d) {
    const SuppressionDirective& directive = directives[d];
    if (!is_lambdalint_origin(directive.origin)) {
      continue; // other tools' suppressions are theirs to police
    }
    current = &directive;
    const std::string origin(to_string(directive.origin));
    if (!directive.problem.empty()) {
      report(k_rule_unused, directive.location, fmt::format("Malformed suppression: {}", directive.problem),
             fmt::format("{}/malformed/{}", origin, rule_list(directive)));
      continue;
    }
    if (is_placeholder_reason(directive.reason)) {
      report(k_rule_without_reason, directive.location,
             fmt::format("Suppression of {} gives no reason; say why the finding is accepted", rule_list(directive)),
             fmt::format("{}/{}", origin, rule_list(directive)));
    }
    if (expired(directive)) {
      report(k_rule_expired, directive.location,
             fmt::format("Suppression of {} expired on {}; its findings are reported again", rule_list(directive),
                         date_text(*directive.until)),
             fmt::format("{}/{}", origin, rule_list(directive)));
      continue;
    }
    for (std::size_t i = 0; i < directive.rules.size(); ++i) {
      const std::string& written = directive.rules[i];
      const Location where{directive.location.file, directive.rule_ranges[i]};
      const Rule* target = find_rule(known, written);
      if (target == nullptr) {
        report(k_rule_unused, where, fmt::format("Suppression names '{}', which is no lambdalint rule", written),
               fmt::format("{}/unknown/{}", origin, written));
      } else if (!used[d][i] && !is_meta_rule(target->meta.id) && ran(target->meta.id) != nullptr) {
        report(k_rule_unused, where, fmt::format("Suppression of {} matches no finding; remove it", written),
               fmt::format("{}/unused/{}", origin, written));
      }
    }
  }
  std::move(meta.begin(), meta.end(), std::back_inserter(findings));

  if (options.baseline != nullptr) {
    for (Finding& finding : findings) {
      if (!finding.suppression && options.baseline->contains(finding)) {
        finding.suppression = Suppression{"baseline", "present in the baseline", std::nullopt, true};
      }
    }
  }
  sort_findings(findings);
}

} // namespace lint
