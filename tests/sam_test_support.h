#pragma once
// Builds the model of a SAM template held in a string (tests/sam_*_test.cpp).

#include "analyzer/cfn/frontend.h"
#include "analyzer/driver.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace lint::sam_test {

struct Built {
  SourceFilePtr file;
  ParsedDocument doc;
  std::unique_ptr<Model> model;

  /// 1-based line of a byte offset.
  std::uint32_t line(SourceRange range) const { return file->byte_position(range.begin).line; }
  std::uint32_t line(const Value* value) const { return value ? line(value->range) : 0; }
  const Function& function(std::string_view id) const
  {
    const Function* found = model->find_function(id);
    REQUIRE(found != nullptr);
    return *found;
  }
};

inline std::unique_ptr<Built> build(std::string text)
{
  auto built = std::make_unique<Built>();
  built->file = std::make_shared<const SourceFile>("t.yaml", std::move(text));
  built->doc = parse_document(built->file);
  built->model = cfn::build_model(built->doc);
  return built;
}

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
