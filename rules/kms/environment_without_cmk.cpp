// LL601 environment-without-cmk: environment variables are encrypted at rest with the AWS managed
// key aws/lambda unless KmsKeyArn names a customer managed key, which adds key policy control,
// rotation and CloudTrail auditing of decryption.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

namespace lint::rules::kms {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const Function& function : model.functions) {
    if (is_set(function.kms_key_arn)) {
      continue;
    }
    const Resource& resource = *function.resource;
    // Environment or Variables may be chosen by Fn::If: a deployment with variables is enough.
    const Value* variables = nullptr;
    for (const Value* environment : possible_values(function.environment)) {
      for (const Value* candidate : possible_values(Function::variables_of(environment))) {
        if (candidate->kind == ValueKind::map && !candidate->entries.empty() && variables == nullptr) {
          variables = candidate;
        }
      }
    }
    if (variables == nullptr) {
      continue;
    }
    Finding& finding = context.report(
      resource.at_id(),
      fmt::format("Function '{}' has {} but no {}, so {} encrypted with the AWS managed key only", resource.id,
                  variables->entries.size() == 1 ? std::string("1 environment variable")
                                                 : fmt::format("{} environment variables", variables->entries.size()),
                  function.names.kms_key_arn, variables->entries.size() == 1 ? "it is" : "they are"),
      resource.id + "/KmsKeyArn");
    finding.related.push_back({resource.location(variables, variables->entries.front().key_range), "environment variables"});
  }
}

} // namespace

const Rule& environment_without_cmk()
{
  static const Rule rule{
    .meta = {.id = "LL601",
             .name = "environment-without-cmk",
             .family = "kms",
             .level = Level::note,
             .summary = "Environment variables are not encrypted with a customer managed KMS key",
             .explanation = R"md(## What it does
Reports a function that sets environment variables (`Environment.Variables` with at least one
entry) and has no `KmsKeyArn`.

## Why is this bad?
Without `KmsKeyArn`, Lambda encrypts environment variables with the AWS managed key `aws/lambda`.
Anyone allowed to read the function's configuration (`lambda:GetFunctionConfiguration`) sees the
values in clear text, and you cannot restrict or audit decryption through a key policy. A customer
managed key lets you control who may decrypt, rotate the key and audit its use.

## Example
```yaml
Worker:
  Type: AWS::Lambda::Function
  Properties:
    Environment:
      Variables:
        TABLE_NAME: !Ref Table
```
Encrypt them with your key:
```yaml
    KmsKeyArn: !GetAtt WorkerKey.Arn
    Environment:
      Variables:
        TABLE_NAME: !Ref Table
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html",
             .security_severity = 3.0,
             .precision = "very-high",
             .tags = "security,encryption", .enabled_by_default = false, .group = "hardening"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::kms
