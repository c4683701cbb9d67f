// LL205 permission-mismatch: a function has a permission meant for a trigger, but it cannot match:
// it names the trigger's source with the wrong service principal, or it allows the right service
// only for a SourceArn that names another resource. The service is denied as if there were none.
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html

#include "analyzer/invoke.h"
#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"

#include <fmt/format.h>

#include <set>

namespace lint::rules::invoke {
namespace {

using lint::invoke::NearMiss;

void check(const Model& model, RuleContext& context)
{
  std::set<const Permission*> reported; // one finding per permission
  for (const Trigger& trigger : model.triggers) {
    if (trigger.principal.empty() || trigger.permission_auto_created || trigger.function == nullptr ||
        lint::invoke::covered_by_generated_permission(model, trigger)) {
      continue;
    }
    const lint::invoke::Authorization authorization = lint::invoke::authorize(model, trigger);
    if (!authorization.granting.empty()) {
      continue;
    }
    const Resource& source = lint::invoke::source_identity(trigger);
    const Resource& function = *trigger.function->resource;
    for (const NearMiss& miss : authorization.near_misses) {
      if (!reported.insert(miss.permission).second) {
        continue;
      }
      const Permission& permission = *miss.permission;
      const Resource& resource = *permission.resource;
      std::string message;
      Location where;
      if (miss.reason == NearMiss::Reason::wrong_principal) {
        where = at_value_or_id(resource, permission.principal);
        message = fmt::format("Permission '{}' names '{}' as its source but allows {}, while the {} '{}' invokes function '{}' as {}",
                              resource.id, source.id, name_text(permission.principal).value_or("another principal"),
                              to_string(trigger.kind), trigger.source->id, function.id, trigger.principal);
      } else {
        where = at_value_or_id(resource, permission.source_arn);
        message = fmt::format("Permission '{}' allows {} to invoke function '{}' only from a {} that does not match '{}', the {} "
                              "'{}' wired to it",
                              resource.id, trigger.principal, function.id, permission.source_arn_name, source.id, to_string(trigger.kind),
                              trigger.source->id);
      }
      Finding& finding = context.report(where, std::move(message),
                                        fmt::format("{}/{}/{}", resource.id, source.id, lint::invoke::kind_slug(trigger.kind)));
      finding.related.push_back({trigger.wiring, fmt::format("'{}' invokes '{}' here", trigger.source->id, function.id)});
    }
  }
}

} // namespace

const Rule& permission_mismatch()
{
  static const Rule rule{
    .meta = {.id = "LL205",
             .name = "permission-mismatch",
             .family = "invoke",
             .level = Level::error,
             .summary = "A permission meant for a trigger cannot match it: wrong principal, or a SourceArn naming another resource",
             .explanation = R"md(## What it does
For each service wired to invoke a function that no permission allows, looks for the permission
that was meant for it and explains why it does not match: its `Principal` is another service
while its `SourceArn` names the trigger's source, or its `Principal` is right but its `SourceArn`
names a different bucket, topic, API or rule (or a literal ARN that cannot be the source's).
Values that cannot be evaluated count as a match, so nothing is reported for them.

## Why is this bad?
Lambda evaluates the resource policy exactly: a permission for `sns.amazonaws.com` does not let
S3 invoke the function, and a `SourceArn` of another bucket does not admit this one. The
deployment succeeds (except for S3) and every invocation is denied.

## Example
```yaml
UploadsPermission:
  Type: AWS::Lambda::Permission
  Properties:
    FunctionName: !Ref Processor
    Action: lambda:InvokeFunction
    Principal: s3.amazonaws.com
    SourceArn: !GetAtt ArchiveBucket.Arn   # but Uploads is the bucket that notifies Processor
```
Name the source that is wired to the function:
```yaml
    SourceArn: !Sub "arn:${AWS::Partition}:s3:::${UploadsBucketName}"
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
             .precision = "high",
             .tags = "correctness,lambda,permissions"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::invoke
