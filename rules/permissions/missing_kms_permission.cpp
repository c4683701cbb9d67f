// LL307 missing-kms-permission: an SQS event source queue is encrypted with a customer managed KMS
// key that the function's execution role cannot kms:Decrypt. Receiving from an SSE-KMS queue needs
// kms:Decrypt on the queue's key (consumers' permission,
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html);
// the AWS managed key alias/aws/sqs allows every principal of the account that may use SQS, so
// only customer managed keys need it in the role.
//
// A key policy can grant the role directly, without any identity policy. So only keys declared in
// the template whose key policy gives principals nothing but the account itself (the default key
// policy, which delegates to IAM) are checked; keys named by ARN, alias, parameter or import are
// not (their key policy cannot be seen).

#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::permissions {
namespace {

/// Whether an AWS principal value names only the account (`arn:...:iam::<account>:root`, the
/// account id, `${AWS::AccountId}`), in every branch.
bool names_only_the_account(const Value* aws)
{
  for (const Value* item : iam_rules::element_values(aws)) {
    const std::optional<std::string> text = name_text(item);
    if (!text) {
      return false;
    }
    const bool account_id = text->size() == 12 && std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!(text->ends_with(":root") || *text == "${AWS::AccountId}" || account_id)) {
      return false;
    }
  }
  return true;
}

/// Whether the key's policy may grant the execution role directly: any Allow (or unreadable
/// statement) whose principals are not only the account itself or AWS services.
bool key_policy_may_grant_role(const Key& key)
{
  const Value* document = key.policy;
  if (!is_set(document)) {
    return false; // the default key policy: the account root, i.e. IAM policies decide
  }
  if (document->kind != ValueKind::map) {
    return true; // a JSON string, a file, a Fn::If: cannot be read
  }
  for (const Statement& statement : policy_statements(document)) {
    if (is_text(statement.effect, "Deny")) {
      continue;
    }
    if (is_set(statement.not_principal) || !is_set(statement.principal) || statement.principal->kind != ValueKind::map) {
      return true; // "*" or NotPrincipal: may include the role
    }
    for (const ValueEntry& entry : statement.principal->entries) {
      if (entry.key == "Service") {
        continue;
      }
      if (entry.key != "AWS" || !names_only_the_account(entry.value)) {
        return true;
      }
    }
  }
  return false;
}

void check(const Model& model, RuleContext& context)
{
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.source_kind != SourceKind::sqs || mapping.function == nullptr || mapping.function->execution_role == nullptr ||
        mapping.queue == nullptr || !is_set(mapping.event_source_arn)) {
      continue;
    }
    const Value* key_id = mapping.queue->kms_master_key_id;
    const Resource* key_resource = model.resource_for(key_id);
    const Key* found = key_resource != nullptr ? model.find_key(key_resource->id) : nullptr;
    if (found == nullptr || key_id->kind == ValueKind::choice || key_policy_may_grant_role(*found)) {
      continue; // alias/aws/sqs, a key outside the template, or a key policy that may grant the role
    }
    const Resource* key = found->resource;
    iam_rules::Requirement requirement;
    requirement.actions = {"kms:Decrypt"};
    // The key's ARN, whichever way (Ref = key id, GetAtt Arn) the queue names it.
    requirement.resource = lint::iam::symbolic_text(model, found->arn);
    requirement.resource_label = fmt::format("key '{}'", key->id);
    requirement.fix_resource_yaml = found->arn_source;
    const Resource& queue = *mapping.queue->resource;
    Finding* finding = iam_rules::check_requirement(
      model, context, *mapping.function, requirement, mapping.resource->location(mapping.event_source_arn),
      fmt::format("reads queue '{}' (encrypted with key '{}') through event source mapping '{}'", queue.id, key->id, mapping.resource->id),
      fmt::format("{}/Kms", mapping.resource->id));
    if (finding != nullptr) {
      finding->related.push_back({queue.location(key_id), fmt::format("queue '{}' is encrypted with key '{}'", queue.id, key->id)});
    }
  }
}

} // namespace

const Rule& missing_kms_permission()
{
  static const Rule rule{
    .meta = {.id = "LL307",
             .name = "missing-kms-permission",
             .family = "permissions",
             .level = Level::warning,
             .summary = "An SQS event source queue is encrypted with a customer managed key the execution role cannot decrypt with",
             .explanation = R"md(## What it does
For an event source mapping that reads an SQS queue encrypted with a customer managed KMS key
(KmsMasterKeyId naming an AWS::KMS::Key / aws_kms_key of the template), evaluates the function's
execution role for kms:Decrypt on that key. Only keys whose key policy grants nothing but the
account itself (the default key policy, which lets IAM policies decide) are checked: a key policy
that names other principals may grant the role directly. Keys named by alias, ARN, parameter or
import, and the AWS managed key `alias/aws/sqs`, are not checked.

## Why is this bad?
Lambda receives the messages with the execution role, and SQS needs the key to decrypt them. The
mapping fails to read ("KMS.AccessDeniedException") and messages pile up until they expire or
go to the queue's dead-letter queue.

## Example
```yaml
Jobs:
  Type: AWS::SQS::Queue
  Properties:
    KmsMasterKeyId: !Ref JobsKey
```
Allow the role to decrypt with that key:
```yaml
            - Effect: Allow
              Action: kms:Decrypt
              Resource: !GetAtt JobsKey.Arn
```

## Fix safety
The fix appends a statement allowing kms:Decrypt on the key to the role's first inline policy
(YAML block lists and JSON arrays). It widens permissions: unsafe, review it.
)md",
             .help_uri = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html",
             .precision = "high",
             .tags = "correctness,iam,kms,event-source",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
