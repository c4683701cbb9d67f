#pragma once
// Integer settings that may be written, defaulted or chosen by Fn::If: every possible deployment
// of the value, each with where it is written (for the report) or nullptr when a default applies.

#include "analyzer/value.h"

#include "analyzer/model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lint::rules {

struct IntegerBranch {
  std::optional<std::int64_t> value; // nullopt: unknown, or not set and no default
  const Value* written = nullptr;    // the written value; nullptr when unset (default or absent)
  bool known = true;                 // false: a value we cannot know (parameter without default, ...)
};

namespace detail {
inline void collect_integer_branches(const Value* value, std::optional<std::int64_t> fallback, std::vector<IntegerBranch>& out,
                                     int depth)
{
  if (value == nullptr || value->kind == ValueKind::absent) {
    out.push_back({fallback, nullptr, true});
    return;
  }
  if (value->kind == ValueKind::choice && depth < 32) {
    for (const Value* branch : value->items) {
      collect_integer_branches(branch, fallback, out, depth + 1);
    }
    return;
  }
  const std::optional<std::int64_t> number = as_integer(value);
  out.push_back({number, value, number.has_value()});
}
} // namespace detail

/// Every possible value of an integer setting: one branch for a plain value, one per Fn::If branch,
/// and `fallback` (the service default, or nullopt for "not set") where the value is not written.
inline std::vector<IntegerBranch> integer_branches(const Value* value, std::optional<std::int64_t> fallback)
{
  std::vector<IntegerBranch> out;
  detail::collect_integer_branches(value, fallback, out, 0);
  return out;
}

/// True when every branch is known.
inline bool all_known(const std::vector<IntegerBranch>& branches)
{
  for (const IntegerBranch& branch : branches) {
    if (!branch.known) {
      return false;
    }
  }
  return true;
}

/// The largest known value among the branches (nullopt when none is known and set).
inline std::optional<std::int64_t> max_known(const std::vector<IntegerBranch>& branches)
{
  std::optional<std::int64_t> best;
  for (const IntegerBranch& branch : branches) {
    if (branch.value && (!best || *branch.value > *best)) {
      best = branch.value;
    }
  }
  return best;
}

/// The branch with the largest known value (nullopt when none is known and set).
inline std::optional<IntegerBranch> largest_branch(const std::vector<IntegerBranch>& branches)
{
  std::optional<IntegerBranch> best;
  for (const IntegerBranch& branch : branches) {
    if (branch.value && (!best || *branch.value > *best->value)) {
      best = branch;
    }
  }
  return best;
}

// ---- Scenarios: comparing settings of different resources -------------------------------------
// Two settings chosen by the same condition (`!If [IsProd, 900, 30]` on a queue and on a function)
// must be compared branch by branch, not maximum against minimum. A scenario decides every
// condition involved (conditions are taken as independent); a comparison fires when it fails in
// at least one scenario.

using Scenario = std::map<std::string, bool, std::less<>>;

namespace detail {
inline void collect_conditions(const Value* value, std::set<std::string>& out, int depth)
{
  if (value == nullptr || value->kind != ValueKind::choice || depth > 32) {
    return;
  }
  if (!value->condition.empty()) {
    out.insert(value->condition);
  }
  for (const Value* branch : value->items) {
    collect_conditions(branch, out, depth + 1);
  }
}
} // namespace detail

/// Adds the Fn::If condition names of a value.
inline void add_conditions(const Value* value, std::set<std::string>& out)
{
  detail::collect_conditions(value, out, 0);
}
/// Adds the Condition of a resource.
inline void add_conditions(const Resource& resource, std::set<std::string>& out)
{
  if (!resource.condition.empty()) {
    out.insert(resource.condition);
  }
}

/// Every assignment of the conditions; nullopt when there are too many to enumerate.
inline std::optional<std::vector<Scenario>> scenarios_of(const std::set<std::string>& conditions, std::size_t limit = 10)
{
  if (conditions.size() > limit) {
    return std::nullopt;
  }
  const std::vector<std::string> names(conditions.begin(), conditions.end());
  std::vector<Scenario> out;
  for (std::size_t bits = 0; bits < (std::size_t{1} << names.size()); ++bits) {
    Scenario scenario;
    for (std::size_t i = 0; i < names.size(); ++i) {
      scenario.emplace(names[i], ((bits >> i) & 1U) != 0);
    }
    out.push_back(std::move(scenario));
  }
  return out;
}

/// Whether a resource is deployed in a scenario (its Condition, when it has one, holds).
inline bool exists_in(const Resource& resource, const Scenario& scenario)
{
  if (resource.condition.empty()) {
    return true;
  }
  const auto found = scenario.find(resource.condition);
  return found == scenario.end() || found->second;
}

/// The value a scenario deploys: Fn::If followed where the scenario decides the condition
/// (nullptr for an absent branch). A choice the scenario does not decide is returned as is.
inline const Value* deployed(const Value* value, const Scenario& scenario)
{
  for (int depth = 0; depth < 32 && value != nullptr; ++depth) {
    if (value->kind == ValueKind::absent) {
      return nullptr;
    }
    if (value->kind != ValueKind::choice || value->items.size() != 2) {
      return value;
    }
    const auto found = scenario.find(value->condition);
    if (found == scenario.end()) {
      return value;
    }
    value = value->items[found->second ? 0 : 1];
  }
  return value;
}

/// An integer setting in a scenario: written value, or `fallback` when unwritten.
inline IntegerBranch integer_in(const Value* value, const Scenario& scenario, std::optional<std::int64_t> fallback)
{
  const Value* chosen = deployed(value, scenario);
  if (chosen == nullptr) {
    return {fallback, nullptr, true};
  }
  const std::optional<std::int64_t> number = as_integer(chosen);
  return {number, chosen, number.has_value()};
}

/// A stable label of the branch a scenario takes through a value's Fn::If ("IsProd", "!IsProd"),
/// empty for a plain value: it keeps fingerprints of different branches apart without line numbers.
inline std::string branch_label(const Value* value, const Scenario& scenario)
{
  std::string out;
  for (int depth = 0; depth < 32 && value != nullptr && value->kind == ValueKind::choice && value->items.size() == 2; ++depth) {
    const auto found = scenario.find(value->condition);
    if (found == scenario.end()) {
      break;
    }
    out += (out.empty() ? "" : ",") + std::string(found->second ? "" : "!") + value->condition;
    value = value->items[found->second ? 0 : 1];
  }
  return out;
}

} // namespace lint::rules
