// LL107 open-trust-policy: the trust policy of a Lambda role lets every principal (`*`) or every
// AWS principal (`{"AWS": "*"}`) call sts:AssumeRole with no Condition, so anyone with AWS
// credentials, in any account, can take the role's permissions.
// AWS: "We strongly recommend that you do not use a wildcard (*) in the Principal element of a
// role's trust policy unless you otherwise restrict access through a Condition element"
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
// A wildcard cannot match part of a principal ARN, so only a whole `*` opens the role (same page).

#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::iam {
namespace {

/// The `*` values of a Principal element: `Principal: "*"` itself, or `*` items under its AWS key.
std::vector<const Value*> open_principals(const Value* principal)
{
  std::vector<const Value*> out;
  for (const Value* branch : possible_values(principal)) {
    if (is_text(branch, "*")) {
      out.push_back(branch);
    } else if (branch->kind == ValueKind::map) {
      for (const Value* item : iam_rules::element_values(branch->get("AWS"))) {
        if (is_text(item, "*")) {
          out.push_back(item);
        }
      }
    }
  }
  return out;
}

/// Whether the statement's Action certainly includes sts:AssumeRole (unknown actions: no).
bool allows_assume_role(const Statement& statement)
{
  if (!is_set(statement.action) || is_set(statement.not_action)) {
    return false;
  }
  for (const Value* action : iam_rules::element_values(statement.action)) {
    if (const auto text = as_string(action); text && lint::iam::action_matches(*text, "sts:AssumeRole")) {
      return true;
    }
  }
  return false;
}

void check(const Model& model, RuleContext& context)
{
  for (const Role& role : model.roles) {
    if (!iam_rules::in_scope(role, context.options()) || role.resource == nullptr) {
      continue;
    }
    for (std::size_t index = 0; index < role.trust_statements.size(); ++index) {
      const Statement& statement = role.trust_statements[index];
      if (!iam_rules::is_allow(statement) || iam_rules::has_condition(statement) || !allows_assume_role(statement)) {
        continue;
      }
      for (const Value* open : open_principals(statement.principal)) {
        Finding& finding = context.report(
          role.resource->location(open),
          fmt::format("The trust policy of {} lets any AWS principal in any account assume it (Principal '*' without a Condition)",
                      iam_rules::describe_role(role)),
          fmt::format("{}/AssumeRolePolicyDocument/{}", role.id, index));
        iam_rules::add_function_locations(finding, {&role});
      }
    }
  }
}

} // namespace

const Rule& open_trust_policy()
{
  static const Rule rule{
    .meta = {.id = "LL107",
             .name = "open-trust-policy",
             .family = "iam",
             .level = Level::error,
             .summary = "A Lambda role's trust policy lets anyone assume it",
             .explanation = R"md(## What it does
Reads the trust policy (AssumeRolePolicyDocument, SAM AssumeRolePolicyDocument, Terraform
`assume_role_policy`) of Lambda execution roles and roles that trust `lambda.amazonaws.com`
(`--all-roles` widens it to every role) and reports an Allow of `sts:AssumeRole` to `Principal: "*"`
or `Principal: {AWS: "*"}` that has no Condition.

## Why is this bad?
Such a role can be assumed by any IAM user or role of any AWS account. Everything the function is
allowed to do (read its tables, its secrets, its queues) is open to the world.

## Example
```yaml
AssumeRolePolicyDocument:
  Statement:
    - Effect: Allow
      Principal:
        AWS: "*"
      Action: sts:AssumeRole
```
Trust the Lambda service only:
```yaml
AssumeRolePolicyDocument:
  Statement:
    - Effect: Allow
      Principal:
        Service: lambda.amazonaws.com
      Action: sts:AssumeRole
```
)md",
             .help_uri = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
             .security_severity = 9.0,
             .tags = "security,iam"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
