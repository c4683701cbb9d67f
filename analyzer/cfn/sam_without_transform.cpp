#include "analyzer/cfn/sam_without_transform.h"

#include <fmt/format.h>

namespace lint::cfn {

bool note_sam_without_transform(const Node& root, const SourceFilePtr& file, Model& model)
{
  const Node* first_type = nullptr;
  std::string first_id;
  std::size_t count = 0;
  if (const Node* resources = root.get("Resources"); resources && resources->is_mapping()) {
    for (const MappingEntry& entry : resources->entries) {
      const Node* type = entry.value && entry.value->is_mapping() ? entry.value->get("Type") : nullptr;
      if (type && type->is_scalar() && type->scalar.starts_with("AWS::Serverless::")) {
        if (first_type == nullptr) {
          first_type = type;
          first_id = entry.key;
        }
        ++count;
      }
    }
  }
  const MappingEntry* globals = root.find_entry("Globals");
  if (first_type == nullptr && globals == nullptr) {
    return false;
  }
  ModelProblem problem;
  problem.rule_id = "LL007";
  problem.fingerprint = "sam-without-transform";
  if (first_type != nullptr) {
    problem.location = {file, first_type->range};
    problem.message = fmt::format("Resource '{}' has type {}{}, but the template does not declare "
                                  "'Transform: AWS::Serverless-2016-10-31': CloudFormation rejects AWS::Serverless types "
                                  "without the SAM transform",
                                  first_id, first_type->scalar, count > 1 ? fmt::format(" (and {} more SAM resources)", count - 1) : "");
  } else {
    problem.location = {file, globals->key_range};
    problem.message = "The template has a SAM Globals section but does not declare 'Transform: AWS::Serverless-2016-10-31': "
                      "CloudFormation rejects Globals without the SAM transform";
  }
  model.problems.push_back(std::move(problem));
  return true;
}

} // namespace lint::cfn
