// LL101 wildcard-action: an Allow statement of a Lambda role grants `*`, `service:*`, or uses
// NotAction (which allows every action it does not list).
// AWS: "grant only the permissions required to perform a task" and avoid NotAction with Allow:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html

#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::iam {
namespace {

bool is_wildcard_action(std::string_view action)
{
  if (action == "*") {
    return true;
  }
  const std::size_t colon = action.find(':');
  return colon != std::string_view::npos && action.substr(colon + 1) == "*";
}

void check(const Model& model, RuleContext& context)
{
  for (const iam_rules::ScopedPolicy& scoped : iam_rules::scoped_policies(model, context.options())) {
    const Policy& policy = *scoped.policy;
    if (policy.resource == nullptr) {
      continue;
    }
    for (std::size_t index = 0; index < policy.statements.size(); ++index) {
      const Statement& statement = policy.statements[index];
      if (!iam_rules::is_allow(statement)) {
        continue;
      }
      const std::string key = iam_rules::statement_key(policy, statement, index);
      if (is_set(statement.not_action) && !is_set(statement.action)) {
        Finding& finding = context.report(
          iam_rules::statement_location(policy, statement.not_action),
          fmt::format("Policy '{}' of {} allows every action except those in NotAction", policy.name, iam_rules::describe_roles(scoped.roles)),
          key + "/NotAction");
        iam_rules::add_function_locations(finding, scoped.roles);
        iam_rules::attribute_to_policy(finding, policy);
        continue;
      }
      for (const Value* action : iam_rules::element_values(statement.action)) {
        const auto text = as_string(action);
        if (!text || !is_wildcard_action(*text)) {
          continue;
        }
        Finding& finding = context.report(
          iam_rules::statement_location(policy, action),
          fmt::format("Policy '{}' of {} allows '{}': {}", policy.name, iam_rules::describe_roles(scoped.roles), *text,
                      *text == "*" ? "every action of every service" : "every action of the service"),
          key + "/" + std::string(*text));
        iam_rules::add_function_locations(finding, scoped.roles);
        iam_rules::attribute_to_policy(finding, policy);
      }
    }
  }
}

} // namespace

const Rule& wildcard_action()
{
  static const Rule rule{
    .meta = {.id = "LL101",
             .name = "wildcard-action",
             .family = "iam",
             .level = Level::warning,
             .summary = "A Lambda role's policy allows every action (`*`, `service:*`, or NotAction)",
             .explanation = R"md(## What it does
Looks at the Allow statements of the policies attached to Lambda execution roles (and roles that
trust `lambda.amazonaws.com`; `--all-roles` widens it to every role) and reports an Action of `*`
or `service:*`, and an Allow that uses NotAction.

## Why is this bad?
A function needs a handful of actions. A wildcard grants every current and future action of the
service (or of AWS), so a bug or an injected dependency in the function can do anything the
wildcard allows: delete tables, change policies, read every secret.

## Example
```yaml
Policies:
  - PolicyName: data
    PolicyDocument:
      Statement:
        - Effect: Allow
          Action: dynamodb:*
          Resource: !GetAtt Table.Arn
```
List the actions the function uses:
```yaml
        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:PutItem]
          Resource: !GetAtt Table.Arn
```
)md",
             .help_uri = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
             .security_severity = 6.5,
             .tags = "security,iam,least-privilege"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
