#pragma once
// Choices whose condition the front end could not evaluate. CloudFormation's Fn::If is decided by
// the stack's parameters: both branches are deployments to check. A Terraform `c ? a : b` whose
// `c` lambdalint cannot evaluate (a function it does not know, a value known only after apply)
// is already decided by Terraform, possibly for the branch that looks wrong never to be taken:
// the front end marks such a choice with its reason (analyzer/terraform/evaluator.cpp), and an
// error-level rule reports its branches only when every branch is wrong.

#include "analyzer/value.h"

#include <functional>

namespace lint::rules {

/// True when `value` is, or holds at any depth of choices, a choice whose condition is not known.
inline bool has_undecided_choice(const Value* value, int depth = 0)
{
  if (value == nullptr || value->kind != ValueKind::choice || depth > 32) {
    return false;
  }
  if (!value->text.empty()) {
    return true;
  }
  for (const Value* branch : value->items) {
    if (has_undecided_choice(branch, depth + 1)) {
      return true;
    }
  }
  return false;
}

/// The values an error-level rule may report as wrong: every possible value, except that a value
/// chosen by an undecided condition is only reported when each possibility is wrong.
inline std::vector<const Value*> certainly_wrong(const Value* value, const std::function<bool(const Value*)>& wrong)
{
  std::vector<const Value*> possible = possible_values(value);
  std::vector<const Value*> out;
  bool all_wrong = !possible.empty();
  for (const Value* candidate : possible) {
    if (wrong(candidate)) {
      out.push_back(candidate);
    } else {
      all_wrong = false;
    }
  }
  if (has_undecided_choice(value) && !all_wrong) {
    out.clear();
  }
  return out;
}

} // namespace lint::rules
