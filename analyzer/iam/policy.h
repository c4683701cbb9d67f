#pragma once
// The IAM engine: a role's effective identity permissions.
//
// See analyzer/iam/arn.h for the contract with frontends: they fill Role / Policy / Statement facets,
// this engine interprets them (AWS managed policies included, read from the compiled data set).
//
// Evaluation follows AWS's logic for identity-based policies within one account
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// an explicit Deny in any policy wins; otherwise an Allow in any identity policy allows; otherwise
// the request is implicitly denied. A permissions boundary must allow as well
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). NotAction and
// NotResource match everything except what they list
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html).
// Three-valued: a statement with a Condition, a statement that exists only in some deployments, an
// unknown value, or a policy whose document we cannot see makes the answer `maybe`, never yes or no.
// SCPs, RCPs, session policies and resource policies are outside a template and not modelled.

#include "analyzer/iam/arn.h"
#include "analyzer/iam/managed.h"
#include "analyzer/model.h"

#include <span>
#include <string>
#include <vector>

namespace lint::iam {

/// One statement ready to evaluate, from a written document or a managed policy's data.
struct CompiledStatement {
  const Policy* policy = nullptr;        // the policy it belongs to (nullptr in engine tests)
  const Statement* statement = nullptr;  // the written statement; nullptr for an AWS managed policy's
  std::size_t managed_index = 0;         // position in the managed policy's document
  enum class Effect : std::uint8_t { allow, deny, unknown };
  Effect effect = Effect::allow;
  bool not_action = false;
  std::vector<std::string> actions;      // patterns as written
  bool action_unknown = false;           // some Action item is not a known string
  bool not_resource = false;
  std::vector<SymbolicText> resources;
  bool has_resource = true;              // a Resource or NotResource element is present
  bool has_condition = false;
  bool conditional = false;              // exists only in some deployments
  std::string sid;

  /// Whether this statement applies to the request (ignoring its effect).
  Decision applies(std::string_view action, const SymbolicText& resource) const;
  Decision action_applies(std::string_view action) const;
  Decision resource_applies(const SymbolicText& resource) const;
};

/// Compiles one written statement (Effect, Action/NotAction, Resource/NotResource, Condition).
CompiledStatement compile_statement(const Model& model, const Statement& statement);
/// Compiles a plain statement (managed policy data, engine tests).
CompiledStatement compile_statement(const ManagedStatement& statement);

struct Verdict {
  Decision decision = Decision::no;
  /// The statements that decided: the Allows that grant it (yes), the Deny that refuses it (no
  /// by explicit deny), or the statements that make it uncertain (maybe). Empty for an implicit deny.
  std::vector<const CompiledStatement*> deciding;
  bool explicit_deny = false;
  bool boundary_refuses = false;  // the identity policies allow but the permissions boundary does not
};

/// Evaluates statements for one request. `unknown_policies` says policies we cannot see are also
/// in effect (an implicit deny becomes maybe).
Verdict evaluate(std::span<const CompiledStatement> statements, bool unknown_policies, std::string_view action,
                 const SymbolicText& resource);

/// The effective identity permissions of a role: every policy in effect compiled once, plus the
/// permissions boundary when there is one.
class EffectivePolicy {
public:
  EffectivePolicy(const Model& model, const Role& role);

  /// allows(role, action, resource) → yes / no / maybe, with the deciding statements.
  Verdict allows(std::string_view action, const SymbolicText& resource) const;

  std::span<const CompiledStatement> statements() const { return m_statements; }
  /// Policies whose documents cannot be seen (unknown ARNs, managed policies missing from the data).
  const std::vector<const Policy*>& unknown_policies() const { return m_unknown; }

private:
  std::vector<CompiledStatement> m_statements;
  std::vector<const Policy*> m_unknown;
  bool m_has_boundary = false;
  bool m_boundary_known = false;
  std::vector<CompiledStatement> m_boundary;
};

/// The compiled statements of one policy (managed policies read from the data set); `known` is set
/// false when its document cannot be seen.
std::vector<CompiledStatement> compile_policy(const Model& model, const Policy& policy, bool& known);

} // namespace lint::iam
