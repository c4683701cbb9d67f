#pragma once
// Builds the model of a SAM template held in a string (tests/sam_*_test.cpp).

#include "template_model.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace lint::sam_test {

using test::Built;
using test::build;

/// The policy of a role with this name, or nullptr.
inline const Policy* policy_named(const Role& role, std::string_view name)
{
  for (const Policy* policy : role.policies) {
    if (policy->name == name) {
      return policy;
    }
  }
  return nullptr;
}

/// Every action text of a statement (a string or a list of strings).
inline std::vector<std::string> actions(const Statement& statement)
{
  std::vector<std::string> out;
  if (const auto text = as_string(statement.action)) {
    out.emplace_back(*text);
  }
  for (const Value* item : list_items(statement.action)) {
    if (const auto text = as_string(item)) {
      out.emplace_back(*text);
    }
  }
  return out;
}

} // namespace lint::sam_test
