#include "analyzer/iam/policy.h"

#include "analyzer/iam/actions.h"

namespace lint::iam {
namespace {

Decision best(Decision a, Decision b) { return a > b ? a : b; }
Decision worst(Decision a, Decision b) { return a < b ? a : b; }
Decision negate(Decision d)
{
  return d == Decision::yes ? Decision::no : d == Decision::no ? Decision::yes : Decision::maybe;
}

/// The items of an element that may be a string or a list (each possibly an Fn::If).
std::vector<const Value*> element_items(const Value* element)
{
  std::vector<const Value*> out;
  if (element == nullptr) {
    return out;
  }
  if (element->kind == ValueKind::list) {
    out.assign(element->items.begin(), element->items.end());
  } else {
    out.push_back(element);
  }
  return out;
}

} // namespace

Decision CompiledStatement::action_applies(std::string_view action) const
{
  bool listed = false;
  for (const std::string& pattern : actions) {
    if (action_matches(pattern, action)) {
      listed = true;
      break;
    }
  }
  const Decision in_list = listed ? Decision::yes : action_unknown ? Decision::maybe : Decision::no;
  return not_action ? negate(in_list) : in_list;
}

Decision CompiledStatement::resource_applies(const SymbolicText& resource) const
{
  if (!has_resource) {
    return Decision::no; // an identity policy statement without Resource is invalid: AWS rejects it
  }
  Decision in_list = Decision::no;
  for (const SymbolicText& pattern : resources) {
    in_list = best(in_list, resource_matches(pattern, resource));
    if (in_list == Decision::yes) {
      break;
    }
  }
  return not_resource ? negate(in_list) : in_list;
}

Decision CompiledStatement::applies(std::string_view action, const SymbolicText& resource) const
{
  Decision result = action_applies(action);
  if (result == Decision::no) {
    return result;
  }
  result = worst(result, resource_applies(resource));
  if (result != Decision::no && (has_condition || conditional || effect == Effect::unknown)) {
    result = Decision::maybe;
  }
  return result;
}

CompiledStatement compile_statement(const Model& model, const Statement& statement)
{
  CompiledStatement out;
  out.statement = &statement;
  out.conditional = statement.conditional;
  if (const auto effect = as_string(statement.effect)) {
    out.effect = *effect == "Allow" ? CompiledStatement::Effect::allow
                 : *effect == "Deny" ? CompiledStatement::Effect::deny
                                     : CompiledStatement::Effect::unknown;
  } else {
    out.effect = CompiledStatement::Effect::unknown;
  }
  out.not_action = is_set(statement.not_action) && !is_set(statement.action);
  for (const Value* item : element_items(out.not_action ? statement.not_action : statement.action)) {
    const std::vector<const Value*> branches = possible_values(item);
    if (branches.size() == 1 && as_string(branches[0])) {
      out.actions.emplace_back(*as_string(branches[0]));
    } else if (!branches.empty() || item->kind != ValueKind::absent) {
      out.action_unknown = true;
    }
  }
  if (!is_set(statement.action) && !is_set(statement.not_action)) {
    out.action_unknown = statement.action != nullptr || statement.not_action != nullptr;
  }
  out.not_resource = is_set(statement.not_resource) && !is_set(statement.resource);
  out.has_resource = is_set(statement.resource) || is_set(statement.not_resource);
  for (const Value* item : element_items(out.not_resource ? statement.not_resource : statement.resource)) {
    const std::vector<const Value*> branches = possible_values(item);
    if (branches.size() == 1) {
      out.resources.push_back(symbolic_text(model, branches[0]));
    } else if (!branches.empty()) {
      out.resources.push_back({Piece{Piece::Kind::unknown, "${Fn::If}", false}});
    }
  }
  // Condition: {} has no condition in it.
  out.has_condition = is_set(statement.condition) &&
                      !(statement.condition->kind == ValueKind::map && statement.condition->entries.empty());
  if (const auto sid = as_string(statement.sid)) {
    out.sid = std::string(*sid);
  }
  return out;
}

CompiledStatement compile_statement(const ManagedStatement& statement)
{
  CompiledStatement out;
  out.effect = statement.allow ? CompiledStatement::Effect::allow : CompiledStatement::Effect::deny;
  out.not_action = statement.not_action;
  out.actions = statement.actions;
  out.not_resource = statement.not_resource;
  for (const std::string& resource : statement.resources) {
    out.resources.push_back(policy_text(resource));
  }
  out.has_resource = !statement.resources.empty() || statement.not_resource;
  out.has_condition = statement.has_condition;
  out.sid = statement.sid;
  return out;
}

Verdict evaluate(std::span<const CompiledStatement> statements, bool unknown_policies, std::string_view action,
                 const SymbolicText& resource)
{
  Verdict verdict;
  Decision allow = Decision::no;
  Decision deny = Decision::no;
  std::vector<const CompiledStatement*> allowing;
  std::vector<const CompiledStatement*> maybe_allowing;
  std::vector<const CompiledStatement*> denying;
  std::vector<const CompiledStatement*> maybe_denying;
  for (const CompiledStatement& statement : statements) {
    const Decision applies = statement.applies(action, resource);
    if (applies == Decision::no) {
      continue;
    }
    const bool may_allow = statement.effect != CompiledStatement::Effect::deny;
    const bool may_deny = statement.effect != CompiledStatement::Effect::allow;
    if (may_allow) {
      allow = best(allow, applies);
      (applies == Decision::yes ? allowing : maybe_allowing).push_back(&statement);
    }
    if (may_deny) {
      deny = best(deny, applies);
      (applies == Decision::yes ? denying : maybe_denying).push_back(&statement);
    }
  }
  if (allow == Decision::no && unknown_policies) {
    allow = Decision::maybe;
  }
  if (deny == Decision::yes) {
    verdict.decision = Decision::no;
    verdict.explicit_deny = true;
    verdict.deciding = denying;
  } else if (allow == Decision::yes && deny == Decision::no) {
    verdict.decision = Decision::yes;
    verdict.deciding = allowing;
  } else if (allow == Decision::no) {
    verdict.decision = Decision::no; // implicit deny
  } else {
    verdict.decision = Decision::maybe;
    verdict.deciding = allow == Decision::yes ? maybe_denying : maybe_allowing;
  }
  return verdict;
}

std::vector<CompiledStatement> compile_policy(const Model& model, const Policy& policy, bool& known)
{
  std::vector<CompiledStatement> out;
  known = true;
  if (policy.origin == PolicyOrigin::unknown) {
    known = false;
    return out;
  }
  if (policy.origin == PolicyOrigin::aws_managed) {
    const std::optional<std::string> arn = literal_policy_arn(policy.arn);
    const data::ManagedPolicySpec* spec = arn ? data::find_managed_policy_by_arn(*arn) : nullptr;
    if (spec == nullptr && !policy.name.empty()) {
      spec = data::find_managed_policy_by_name(policy.name); // SAM names policies without an ARN
    }
    if (spec == nullptr) {
      known = false;
      return out;
    }
    const std::vector<ManagedStatement>& statements = managed_statements(*spec);
    for (std::size_t index = 0; index < statements.size(); ++index) {
      CompiledStatement& compiled = out.emplace_back(compile_statement(statements[index]));
      compiled.policy = &policy;
      compiled.managed_index = index;
      compiled.conditional = policy.conditional;
    }
    return out;
  }
  if (policy.document != nullptr && policy.document->kind != ValueKind::map && policy.document->kind != ValueKind::choice) {
    known = false; // an unknown document (parameter, computed JSON)
  }
  for (const Statement& statement : policy.statements) {
    CompiledStatement& compiled = out.emplace_back(compile_statement(model, statement));
    compiled.policy = &policy;
    compiled.conditional = compiled.conditional || policy.conditional;
  }
  return out;
}

EffectivePolicy::EffectivePolicy(const Model& model, const Role& role)
{
  for (const Policy* policy : role.policies) {
    bool known = true;
    std::vector<CompiledStatement> compiled = compile_policy(model, *policy, known);
    if (!known) {
      m_unknown.push_back(policy);
    }
    m_statements.insert(m_statements.end(), std::make_move_iterator(compiled.begin()), std::make_move_iterator(compiled.end()));
  }
  m_has_boundary = is_set(role.permissions_boundary);
  if (!m_has_boundary) {
    return;
  }
  // The boundary is an AWS managed policy (by ARN) or a ManagedPolicy of the template (Ref).
  if (const std::optional<std::string> arn = literal_policy_arn(role.permissions_boundary)) {
    if (const data::ManagedPolicySpec* spec = data::find_managed_policy_by_arn(*arn)) {
      for (const ManagedStatement& statement : managed_statements(*spec)) {
        m_boundary.push_back(compile_statement(statement));
      }
      m_boundary_known = true;
    }
    return;
  }
  const Value* boundary = role.permissions_boundary;
  if (boundary->kind == ValueKind::reference && boundary->reference.target == Reference::Target::resource &&
      boundary->reference.attribute.empty()) {
    for (const Policy& policy : model.policies) {
      if (policy.origin == PolicyOrigin::customer_managed && policy.resource && policy.resource->id == boundary->reference.name) {
        bool known = true;
        m_boundary = compile_policy(model, policy, known);
        m_boundary_known = known;
        return;
      }
    }
  }
}

Verdict EffectivePolicy::allows(std::string_view action, const SymbolicText& resource) const
{
  Verdict verdict = evaluate(m_statements, !m_unknown.empty(), action, resource);
  if (!m_has_boundary || verdict.explicit_deny) {
    return verdict;
  }
  if (!m_boundary_known) {
    if (verdict.decision != Decision::no) {
      verdict.decision = Decision::maybe;
    }
    return verdict;
  }
  // AWS looks for an explicit Deny in every policy type first, the permissions boundary included
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
  // a boundary Deny is an explicit deny even when the identity policies only deny implicitly, and an
  // Allow added to the role would not help (found by the differential test, docs/iam.md).
  const Verdict boundary = evaluate(m_boundary, false, action, resource);
  if (verdict.decision == Decision::no) {
    if (boundary.explicit_deny) {
      verdict.explicit_deny = true;
      verdict.boundary_refuses = true;
      verdict.deciding = boundary.deciding;
    }
    return verdict;
  }
  if (boundary.decision == Decision::no) {
    verdict.decision = Decision::no;
    verdict.explicit_deny = boundary.explicit_deny;
    verdict.boundary_refuses = true;
    verdict.deciding = boundary.deciding;
  } else if (boundary.decision == Decision::maybe) {
    verdict.decision = Decision::maybe;
  }
  return verdict;
}

} // namespace lint::iam
