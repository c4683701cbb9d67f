#pragma once
// Builds the model of a CloudFormation/SAM template held in a string, for model-level tests.

#include "analyzer/cfn/frontend.h"
#include "analyzer/driver.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace lint::test {

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

} // namespace lint::test
