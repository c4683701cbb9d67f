#include "rules/common/iam_rule_helpers.h"

#include "rules/common/policy_edits.h"

namespace lint::rules::iam_rules {

bool trusts_lambda(const Role& role)
{
  for (const Statement& statement : role.trust_statements) {
    if (!is_text(statement.effect, "Allow")) {
      continue;
    }
    const Value* service = get_path(statement.principal, {"Service"});
    std::vector<const Value*> items;
    if (service && service->kind == ValueKind::list) {
      items.assign(service->items.begin(), service->items.end());
    } else if (service) {
      items.push_back(service);
    }
    for (const Value* item : items) {
      for (const Value* branch : possible_values(item)) {
        if (const auto text = as_string(branch); text && (text->starts_with("lambda.amazonaws.com") || *text == "lambda")) {
          return true;
        }
        if (branch->kind == ValueKind::text_template && !branch->parts.empty() && !branch->parts[0].is_reference &&
            branch->parts[0].literal == "lambda.") {
          return true; // lambda.${AWS::URLSuffix}
        }
      }
    }
  }
  return false;
}

bool in_scope(const Role& role, const RuleOptions& options)
{
  return options.all_roles || !role.functions.empty() || trusts_lambda(role);
}

std::string describe_role(const Role& role)
{
  if (role.functions.empty()) {
    return fmt::format("role '{}'", role.id);
  }
  std::vector<std::string> names;
  for (const Function* function : role.functions) {
    names.push_back("'" + function->resource->id + "'");
  }
  return fmt::format("role '{}' (execution role of {})", role.id, fmt::join(names, ", "));
}

std::string describe_roles(const std::vector<const Role*>& roles)
{
  std::vector<std::string> parts;
  for (const Role* role : roles) {
    parts.push_back(describe_role(*role));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

void add_function_locations(Finding& finding, const std::vector<const Role*>& roles)
{
  for (const Role* role : roles) {
    for (const Function* function : role->functions) {
      const Resource& resource = *function->resource;
      finding.related.push_back({is_set(function->role) ? resource.location(function->role) : resource.at_id(),
                                 fmt::format("function '{}' uses role '{}'", resource.id, role->id)});
    }
  }
}

std::vector<ScopedPolicy> scoped_policies(const Model& model, const RuleOptions& options)
{
  std::vector<ScopedPolicy> out;
  std::map<const Policy*, std::size_t> index;
  for (const Role& role : model.roles) {
    if (!in_scope(role, options)) {
      continue;
    }
    for (const Policy* policy : role.policies) {
      auto [found, inserted] = index.emplace(policy, out.size());
      if (inserted) {
        out.push_back({policy, {}});
      }
      out[found->second].roles.push_back(&role);
    }
  }
  return out;
}

std::string statement_key(const Policy& policy, const Statement& statement, std::size_t index)
{
  const auto sid = as_string(statement.sid);
  return fmt::format("{}/{}/{}", policy.resource ? policy.resource->id : std::string("?"), policy.name,
                     sid ? std::string(*sid) : std::to_string(index));
}

std::vector<const Value*> element_values(const Value* element)
{
  std::vector<const Value*> out;
  if (element == nullptr) {
    return out;
  }
  const std::vector<const Value*> items =
    element->kind == ValueKind::list ? std::vector<const Value*>(element->items.begin(), element->items.end())
                                     : std::vector<const Value*>{element};
  for (const Value* item : items) {
    for (const Value* branch : possible_values(item)) {
      if (branch->kind != ValueKind::list) {
        out.push_back(branch);
      }
    }
  }
  return out;
}

bool is_allow(const Statement& statement)
{
  const std::vector<const Value*> effects = possible_values(statement.effect);
  return !effects.empty() && std::all_of(effects.begin(), effects.end(), [](const Value* v) { return is_text(v, "Allow"); });
}

bool has_condition(const Statement& statement)
{
  return is_set(statement.condition) && !(statement.condition->kind == ValueKind::map && statement.condition->entries.empty());
}

Location statement_location(const Policy& policy, const Value* value)
{
  // A Terraform document may be written in another file than the resource that uses it (a
  // data "aws_iam_policy_document" in iam.tf): the value knows its own file.
  return policy.resource->location(value);
}

void attribute_to_policy(Finding& finding, const Policy& policy)
{
  if (policy.resource != nullptr) {
    finding.resource = policy.resource->id;
  }
}

Finding* check_requirement(const Model& model, RuleContext& context, const Function& function, const Requirement& requirement,
                           const Location& primary, const std::string& needs, const std::string& fingerprint)
{
  const Role* role = function.execution_role;
  if (role == nullptr) {
    return nullptr;
  }
  const lint::iam::EffectivePolicy effective(model, *role);
  std::vector<std::string_view> missing;
  std::vector<std::string> missing_names;
  std::vector<const lint::iam::CompiledStatement*> denials;
  bool boundary = false;
  auto refused = [&](std::string_view action) {
    const lint::iam::Verdict verdict = effective.allows(action, requirement.resource);
    if (verdict.decision != lint::iam::Decision::no) {
      return false;
    }
    boundary = boundary || verdict.boundary_refuses;
    if (verdict.explicit_deny) {
      denials.insert(denials.end(), verdict.deciding.begin(), verdict.deciding.end());
    }
    return true;
  };
  for (std::string_view action : requirement.actions) {
    if (refused(action)) {
      missing.push_back(action);
      missing_names.emplace_back(action);
    }
  }
  if (!requirement.any_of_actions.empty()) {
    const std::size_t denials_before = denials.size();
    const bool boundary_before = boundary;
    if (std::all_of(requirement.any_of_actions.begin(), requirement.any_of_actions.end(), refused)) {
      missing.push_back(requirement.any_of_actions.back());
      missing_names.push_back(fmt::format("{}", fmt::join(requirement.any_of_actions, " or ")));
    } else {
      denials.resize(denials_before); // one of them is (or may be) allowed: nothing refused here
      boundary = boundary_before;
    }
  }
  if (missing.empty()) {
    return nullptr;
  }
  std::string why = denials.empty() ? (boundary ? " (its permissions boundary does not allow them)" : "") : " (an explicit Deny refuses them)";
  Finding& finding = context.report(primary,
                                    fmt::format("Function '{}' {}, but its execution role '{}' does not allow {} on {}{}", function.resource->id,
                                                needs, role->id, fmt::join(missing_names, ", "), requirement.resource_label, why),
                                    fingerprint);
  finding.related.push_back({role->location, fmt::format("execution role '{}'", role->id)});
  for (const lint::iam::CompiledStatement* denial : denials) {
    if (denial->statement && denial->policy && denial->policy->resource) {
      finding.related.push_back({denial->policy->resource->location(denial->statement->value), "the Deny statement"});
    } else if (denial->policy) {
      finding.related.push_back({denial->policy->location, fmt::format("Deny in policy '{}'", denial->policy->name)});
    }
  }
  std::size_t shown = 0;
  for (const Policy* policy : role->policies) {
    if (shown++ == 5) {
      break;
    }
    finding.related.push_back({policy->location, fmt::format("policy '{}' ({}) considered", policy->name.empty() ? "?" : policy->name,
                                                             to_string(policy->origin))});
  }
  if (denials.empty() && !boundary) {
    finding.fix = requirement.fix_resource_json.empty() ? least_privilege_fix(*role, missing, requirement.fix_resource_yaml)
                                                        : grant_fix(model, function, missing, requirement.fix_resource_json);
  }
  return &finding;
}

bool has_resource_policy(const Model& model, const Resource& target)
{
  return !model.resource_policies_of(target).empty();
}

} // namespace lint::rules::iam_rules
