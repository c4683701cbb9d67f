// LL110 unused-grant: an action an execution role allows that neither its functions' code nor
// their configuration ever uses. Only for roles whose every user is a function whose code was
// analysed completely (every SDK call resolved and mapped, analyzer/code) and whose configuration
// needs are all known (no Kafka, MQ or DocumentDB event source), and only for statements written
// in the input (an AWS managed policy is not the user's to trim). Off by default until measured.
// Least privilege: "grant only the permissions required to perform a task",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege

#include "analyzer/code/analysis.h"
#include "rules/common/iam_rule_helpers.h"

#include <set>

namespace lint::rules::iam {
namespace {

// Services that act on other services with the caller's permissions (forward access): the role's
// grants on those look unused in the code although the service uses them. Athena reads S3 and
// the Glue catalog (https://docs.aws.amazon.com/athena/latest/ug/security-iam-athena.html);
// Textract, Rekognition, Transcribe, Comprehend and Bedrock read S3 objects named in the request.
constexpr std::pair<std::string_view, std::string_view> k_forward_access[] = {
  {"athena", "s3"},      {"athena", "glue"},       {"textract", "s3"},      {"rekognition", "s3"},
  {"transcribeservice", "s3"}, {"comprehend", "s3"}, {"bedrockruntime", "s3"}, {"bedrockagentruntime", "s3"},
};

/// Permissions a call needs in context, not by its own name: iam:PassRole for any role ARN in a
/// request, KMS for a customer managed key on whatever the code reads or writes. Never reported.
bool context_permission(std::string_view pattern)
{
  const std::string_view prefix = pattern.substr(0, pattern.find(':'));
  return prefix == "kms" || lint::iam::action_matches(pattern, "iam:PassRole");
}

/// Whether only Lambda may assume the role: no other service, account or federated principal
/// (such a role's grants may be used by them, which the code cannot show).
bool only_lambda_assumes(const Role& role)
{
  if (!iam_rules::trusts_lambda(role)) {
    return false;
  }
  for (const Statement& statement : role.trust_statements) {
    if (!is_text(statement.effect, "Allow")) {
      continue;
    }
    if (statement.principal == nullptr || statement.principal->kind != ValueKind::map || is_set(statement.not_principal)) {
      return false;
    }
    for (const ValueEntry& entry : statement.principal->entries) {
      if (entry.key != "Service") {
        return false;
      }
      for (const Value* item : iam_rules::element_values(entry.value)) {
        const auto text = as_string(item);
        if (!text || !(text->starts_with("lambda.") || *text == "lambda")) {
          return false;
        }
      }
    }
  }
  return true;
}

void check(const Model& model, RuleContext& context)
{
  for (const Role& role : model.roles) {
    if (role.functions.empty() || !only_lambda_assumes(role)) {
      continue;
    }
    std::set<std::string> used;
    std::set<std::string_view> forwarded; // IAM prefixes a called service may use on the role's behalf
    bool known = true;
    for (const Function* function : role.functions) {
      const code::FunctionAnalysis analysis = code::analyse_function(model, *function);
      bool wiring_complete = true;
      const std::vector<code::WiringNeed> wiring = code::wiring_needs(model, *function, wiring_complete);
      if (!analysis.complete() || !wiring_complete || code::has_unmodelled_grants(model, *function)) {
        known = false;
        break;
      }
      for (const code::CallNeed& need : analysis.needs) {
        used.insert(need.mapping.actions.begin(), need.mapping.actions.end());
        for (const auto& [service, prefix] : k_forward_access) {
          if (need.call->service->key == service) {
            forwarded.insert(prefix);
          }
        }
      }
      for (const code::WiringNeed& need : wiring) {
        used.insert(need.actions.begin(), need.actions.end());
      }
    }
    if (!known) {
      continue;
    }
    for (const Policy* policy : role.policies) {
      const bool written = policy->origin == PolicyOrigin::inline_policy || policy->origin == PolicyOrigin::policy_resource ||
                           policy->origin == PolicyOrigin::customer_managed;
      if (!written || policy->resource == nullptr || policy->document == nullptr) {
        continue; // AWS managed policies and SAM's policy templates are not trimmed action by action
      }
      for (std::size_t index = 0; index < policy->statements.size(); ++index) {
        const Statement& statement = policy->statements[index];
        if (!iam_rules::is_allow(statement) || is_set(statement.not_action) || iam_rules::has_condition(statement)) {
          continue;
        }
        for (const Value* item : iam_rules::element_values(statement.action)) {
          const auto pattern = as_string(item);
          if (!pattern || item->from_globals || context_permission(*pattern) ||
              forwarded.count(pattern->substr(0, pattern->find(':'))) != 0) {
            continue;
          }
          const bool needed = std::any_of(used.begin(), used.end(), [&](const std::string& action) {
            return lint::iam::action_matches(*pattern, action);
          });
          if (needed) {
            continue;
          }
          std::vector<std::string> users;
          for (const Function* function : role.functions) {
            users.push_back("'" + function->resource->id + "'");
          }
          Finding& finding = context.report(
            iam_rules::statement_location(*policy, item),
            fmt::format("Role '{}' allows {}, which neither the code nor the configuration of {} uses", role.id, *pattern, fmt::join(users, ", ")),
            fmt::format("{}/{}", iam_rules::statement_key(*policy, statement, index), *pattern));
          iam_rules::add_function_locations(finding, {&role});
          iam_rules::attribute_to_policy(finding, *policy);
        }
      }
    }
  }
}

} // namespace

const Rule& unused_grant()
{
  static const Rule rule{
    .meta = {.id = "LL110",
             .name = "unused-grant",
             .family = "iam",
             .level = Level::note,
             .summary = "An execution role allows an action that its functions' code and configuration never use",
             .explanation = R"md(## What it does
For an execution role used only by functions whose code lambdalint read completely (every AWS
SDK call resolved to a service, an operation and its IAM actions; see docs/code-analysis.md) and
whose configuration needs are all known (logs, tracing, VPC, SQS, Kinesis and DynamoDB stream
event sources, dead-letter targets, destinations, KMS), reports each action written in the role's
policies that none of those calls and needs uses. Permissions a call needs in context are never
reported (`iam:PassRole`, KMS), nor S3 and Glue grants when the code calls a service that reads
them with the caller's permissions (Athena, Textract, Rekognition, Transcribe, Comprehend,
Bedrock). A function that imports a library which calls AWS itself (pyqldb, awswrangler,
Powertools, `@aws-sdk/lib-storage`, ...) is not fully analysed. Off by default: enable it with
`--extend-select LL110`. AWS managed policies, SAM policy templates and the policies SAM
generates (connectors, event destinations) are not reported (their actions cannot be trimmed
one by one).

## Why is this bad?
A grant nobody uses is attack surface: if the function is compromised (a dependency, an injection),
the unused permission is what the attacker gets for free. Least privilege means removing it.

## Example
```yaml
Policies:
  - Statement:
      - Effect: Allow
        Action: [dynamodb:GetItem, dynamodb:DeleteTable]   # the code only calls get_item
        Resource: !GetAtt Orders.Arn
```
Keep only what is used:
```yaml
        Action: dynamodb:GetItem
```
)md",
             .help_uri = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
             .security_severity = 2.0,
             .precision = "medium",
             .tags = "security,iam,least-privilege,code",
             .enabled_by_default = false,
             .group = "hardening"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::iam
