#pragma once
// Helpers shared by the IAM rules (LL1xx least privilege, LL3xx permissions a function needs).
// The interpretation of policies lives in analyzer/iam/; these only choose roles, name things and
// build findings (fix rendering is in rules/common/policy_edits).

#include "analyzer/iam/actions.h"
#include "analyzer/iam/policy.h"
#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "support/text.h"
#include "rules/common/policy_edits.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <map>
#include <string>
#include <vector>

namespace lint::rules::iam_rules {

/// Does the role's trust policy let Lambda assume it (Principal Service lambda.amazonaws.com)?
bool trusts_lambda(const Role& role);

/// LL1xx scope: execution roles of functions and roles trusting Lambda, or every role with --all-roles.
bool in_scope(const Role& role, const RuleOptions& options);

/// "role 'R' (used by 'A', 'B')" or "role 'R'".
std::string describe_role(const Role& role);

std::string describe_roles(const std::vector<const Role*>& roles);

/// Related locations at the functions using the roles (their Role property).
void add_function_locations(Finding& finding, const std::vector<const Role*>& roles);

/// A policy and the in-scope roles it is attached to, in model order.
struct ScopedPolicy {
  const Policy* policy = nullptr;
  std::vector<const Role*> roles;
};

std::vector<ScopedPolicy> scoped_policies(const Model& model, const RuleOptions& options);

/// A stable name for a statement: resource/policy/Sid or index.
std::string statement_key(const Policy& policy, const Statement& statement, std::size_t index);

/// The written items of an element (string or list), each with its possible values.
std::vector<const Value*> element_values(const Value* element);

/// Whether a statement is certainly an Allow (Fn::If effects must be Allow in every branch).
bool is_allow(const Statement& statement);

bool has_condition(const Statement& statement);

/// The source file and range of a written policy statement's resource.
Location statement_location(const Policy& policy, const Value* value);

/// A finding about a statement belongs to the policy's resource. apply_policies attributes a
/// finding by its location; a statement written outside every resource (a Terraform
/// data "aws_iam_policy_document", maybe in another file) lies in none, so the rule names it: the
/// aws_iam_role_policy, aws_iam_policy or role that uses the document.
void attribute_to_policy(Finding& finding, const Policy& policy);

/// Something a function's configuration needs from its execution role (LL3xx).
struct Requirement {
  std::vector<std::string_view> actions;
  lint::iam::SymbolicText resource;   // the subject the actions are checked on
  std::string resource_label;         // how the message names it
  std::string fix_resource_yaml;      // Resource value for the quick fix, in the role file's syntax (YAML or JSON; "" = no fix)
  /// Resource as JSON for a fix in the input's format wherever the role is declared (grant_fix:
  /// CloudFormation, SAM Policies, Terraform); used instead of fix_resource_yaml when set.
  std::string fix_resource_json;
  /// Actions of which any one is enough (kafka:DescribeCluster or kafka:DescribeClusterV2): missing
  /// only when none is allowed; the fix grants the last one.
  std::vector<std::string_view> any_of_actions;
};

/// Reports the actions of a requirement that the function's execution role certainly does not
/// allow (`maybe` never fires). `needs` completes "Function 'F' ..." ("reads queue 'Q' through 'M'").
/// Returns the finding (to add related locations), or nullptr when nothing is missing.
Finding* check_requirement(const Model& model, RuleContext& context, const Function& function, const Requirement& requirement,
                           const Location& primary, const std::string& needs, const std::string& fingerprint);

/// Whether a resource-based policy declared in the unit applies to a resource (then the
/// resource's own policy may grant what the role lacks: not a finding).
bool has_resource_policy(const Model& model, const Resource& target);

} // namespace lint::rules::iam_rules
