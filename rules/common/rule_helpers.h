#pragma once
// Small helpers shared by rule files: where to point and how to name things.

#include "analyzer/model.h"
#include "analyzer/rule.h"

#include <string>

namespace lint::rules {

/// The range of a written value, or the resource's logical id when the value was not written.
inline Location at_value_or_id(const Resource& resource, const Value* value)
{
  return is_set(value) ? resource.location(value) : resource.at_id();
}

/// A related location at the parameter default a value came from, when it came from one.
inline void add_parameter_note(Finding& finding, const Resource& resource, const Value* value)
{
  if (value != nullptr && !value->via_parameter.empty()) {
    const SourceFilePtr& file = value->parameter_file ? value->parameter_file : resource.file;
    // Terraform values come from variables ("var.x": a default, tfvars or a module input).
    const bool variable = value->via_parameter.starts_with("var.");
    finding.related.push_back({{file, value->parameter_range},
                               (variable ? "value of variable '" : "default of parameter '") + value->via_parameter.substr(variable ? 4 : 0) + "'"});
  }
  if (value != nullptr && value->from_globals) { // SAM Globals: the finding is at the Globals line
    finding.related.push_back({resource.at_id(), "inherited by " + std::string(resource.kind() == ResourceKind::function ? "function" : "resource") + " '" + resource.id + "'"});
  }
}

/// A related location at another resource's logical id.
inline RelatedLocation related_resource(const Resource& resource, std::string message)
{
  return {resource.at_id(), std::move(message)};
}

} // namespace lint::rules

namespace lint::rules {

/// The check of rules whose findings the frontends record while building the model (LL001 parse
/// errors, LL002 duplicate keys, LL003 unresolved references): report the problems with this
/// rule's id.
inline void report_model_problems(const Model& model, RuleContext& context)
{
  for (const ModelProblem& problem : model.problems) {
    if (problem.rule_id == context.rule().meta.id) {
      Finding& finding = context.report(problem.location, problem.message, problem.fingerprint);
      finding.related = problem.related;
    }
  }
}

} // namespace lint::rules
