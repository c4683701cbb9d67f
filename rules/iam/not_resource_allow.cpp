// LL105 not-resource-allow: an Allow statement of a Lambda role uses NotResource, which allows its
// actions on every resource except those listed, including resources created later.
// AWS: "Be careful using the NotResource element and "Effect": "Allow" in the same statement"
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html

#include "analyzer/iam/arn.h"
#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::iam {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const iam_rules::ScopedPolicy& scoped : iam_rules::scoped_policies(model, context.options())) {
    const Policy& policy = *scoped.policy;
    // SAM's own templates and generated policies: the user cannot change them (as for LL106).
    if (policy.resource == nullptr || policy.origin == PolicyOrigin::sam_template || policy.origin == PolicyOrigin::sam_generated) {
      continue;
    }
    for (std::size_t index = 0; index < policy.statements.size(); ++index) {
      const Statement& statement = policy.statements[index];
      if (!iam_rules::is_allow(statement) || !is_set(statement.not_resource)) {
        continue;
      }
      const std::vector<const Value*> excluded = iam_rules::element_values(statement.not_resource);
      std::vector<std::string> names;
      for (const Value* value : excluded) {
        names.push_back(lint::iam::to_display(lint::iam::symbolic_text(model, value)));
      }
      if (names.size() > 3) {
        names.resize(3);
        names.emplace_back("...");
      }
      Finding& finding = context.report(
        iam_rules::statement_location(policy, statement.not_resource),
        fmt::format("Policy '{}' of {} allows its actions on every resource except {}: list the resources the role needs in "
                    "Resource instead",
                    policy.name, iam_rules::describe_roles(scoped.roles), names.empty() ? std::string("those in NotResource")
                                                                                       : fmt::format("{}", fmt::join(names, ", "))),
        iam_rules::statement_key(policy, statement, index) + "/NotResource");
      iam_rules::add_function_locations(finding, scoped.roles);
      iam_rules::attribute_to_policy(finding, policy);
    }
  }
}

} // namespace

const Rule& not_resource_allow()
{
  static const Rule rule{
    .meta = {.id = "LL105",
             .name = "not-resource-allow",
             .family = "iam",
             .level = Level::warning,
             .summary = "A Lambda role's Allow statement uses NotResource",
             .explanation = R"md(## What it does
Reports Allow statements that use NotResource in the policies of Lambda execution roles (and roles
that trust `lambda.amazonaws.com`; `--all-roles` widens it to every role). SAM's own policy
templates are not checked: the user cannot change them.

## Why is this bad?
`Effect: Allow` with NotResource grants the actions on every resource except the ones listed: on
every other table, bucket or queue of the account, in every region, including the ones created
after the policy was written. It is almost always broader than intended.

## Example
```yaml
- Effect: Allow
  Action: dynamodb:PutItem
  NotResource: !GetAtt AuditTable.Arn
```
Name the resources the function writes to:
```yaml
- Effect: Allow
  Action: dynamodb:PutItem
  Resource: !GetAtt OrdersTable.Arn
```
)md",
             .help_uri = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
             .security_severity = 5.5,
             .tags = "security,iam,least-privilege"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
