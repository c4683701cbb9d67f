// LL206 notification-before-permission: an S3 bucket notifies a function but does not depend on
// the function's permission. S3 validates the destination when the notification configuration is
// written, so when CloudFormation creates the bucket before the permission the stack fails with
// "Unable to validate the following destination configurations".
// https://repost.aws/knowledge-center/unable-validate-destination-s3
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
// Terraform: the aws_s3_bucket_notification is what S3 validates, so it is what must depend on the
// permission (the same error, fixed by depends_on = [aws_lambda_permission.allow_bucket]:
// https://github.com/observeinc/terraform-aws-lambda/commit/a708fc6f17fadf1330c048d4165a1a3385de8a9b).

#include "analyzer/invoke.h"
#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/template_edits.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace lint::rules::invoke {
namespace {

void check(const Model& model, RuleContext& context)
{
  std::set<std::pair<const Resource*, const Function*>> reported;
  for (const Trigger& trigger : model.triggers) {
    if (trigger.kind != TriggerKind::s3 || trigger.permission_auto_created || trigger.function == nullptr ||
        lint::invoke::covered_by_generated_permission(model, trigger) ||
        trigger.source_resource == nullptr) {
      continue;
    }
    // The resource that writes the notification configuration must wait: the bucket itself in
    // CloudFormation, the aws_s3_bucket_notification in Terraform (trigger.source, the holder).
    const Resource& bucket = trigger.source != nullptr ? *trigger.source : *trigger.source_resource;
    if (!reported.insert({&bucket, trigger.function}).second) {
      continue;
    }
    const lint::invoke::Authorization authorization = lint::invoke::authorize(model, trigger);
    if (authorization.granting_this_function.empty()) {
      continue; // no permission (LL201), or none certainly this function's
    }
    const bool waits = std::any_of(authorization.granting.begin(), authorization.granting.end(), [&](const Permission* permission) {
      return lint::invoke::depends_on(model, bucket, *permission->resource);
    });
    if (waits) {
      continue;
    }
    // Name the permission that certainly admits this bucket when there is one; a permission that
    // references the bucket makes a cycle with any DependsOn.
    const Permission* chosen = authorization.granting_this_function.front();
    for (const Permission* permission : authorization.granting_this_function) {
      if (lint::invoke::source_arn_matches(model, *permission, trigger) == lint::invoke::Match::yes) {
        chosen = permission;
        break;
      }
    }
    const Resource& resource = *chosen->resource;
    const Resource& function = *trigger.function->resource;
    const bool cycle = lint::invoke::depends_on(model, resource, bucket);
    // The holder of the notification: the bucket itself (CloudFormation), or an
    // aws_s3_bucket_notification (Terraform).
    const std::string_view created = bucket.kind() == ResourceKind::bucket ? "bucket" : "notification";
    std::string message;
    if (cycle) {
      // The bucket's name is known before the bucket exists: an ARN built from it breaks the cycle.
      const std::string example = model.template_syntax() ? " (a parameter or literal, arn:${AWS::Partition}:s3:::${BucketName})" : "";
      message = fmt::format(
        "Bucket '{}' notifies function '{}' but permission '{}' references the bucket, so {} creates the {} first "
        "and S3 rejects the notification (\"Unable to validate the following destination configurations\"); {} would make "
        "a cycle: build the permission's {} from the bucket's name{} and add {}: {} to the {}",
        bucket.id, function.id, resource.id, model.deployer(), created, model.depends_on_name(), chosen->source_arn_name, example,
        model.depends_on_name(), resource.id, created);
    } else {
      message = fmt::format("Bucket '{}' notifies function '{}' but does not depend on its permission '{}': {} may create "
                            "the {} first and S3 then rejects the notification (\"Unable to validate the following destination "
                            "configurations\")",
                            bucket.id, function.id, resource.id, model.deployer(), created);
    }
    Finding& finding = context.report(bucket.at_id(), std::move(message), fmt::format("{}/{}", bucket.id, function.id));
    finding.related.push_back({trigger.wiring, "the notification"});
    finding.related.push_back(related_resource(resource, cycle ? "the permission, which references the bucket" : "the permission"));
    if (!cycle && bucket.file == resource.file && model.template_syntax()) {
      if (std::optional<TextEdit> edit = add_depends_on(bucket, resource.id)) {
        Fix fix;
        fix.title = fmt::format("Add DependsOn: {} to '{}'", resource.id, bucket.id);
        fix.applicability = Applicability::safe;
        fix.edits.push_back(std::move(*edit));
        finding.fix = std::move(fix);
      }
    }
  }
}

} // namespace

const Rule& notification_before_permission()
{
  static const Rule rule{
    .meta = {.id = "LL206",
             .name = "notification-before-permission",
             .family = "invoke",
             .level = Level::error,
             .summary = "An S3 bucket notifies a function but does not depend on the function's permission, so the stack can fail",
             .explanation = R"md(## What it does
Finds S3 buckets whose `NotificationConfiguration` invokes a function that has a permission for
`s3.amazonaws.com`, where the bucket does not depend on that permission (through `DependsOn` or a
reference, directly or through other resources). When the permission's `SourceArn` references the
bucket itself, the permission depends on the bucket, and the message explains how to break the
cycle instead of offering a fix.

## Why is this bad?
S3 checks that it may invoke the function when the notification configuration is written. Without
the dependency CloudFormation creates the bucket and the permission in parallel (or the bucket
first, when the permission references it), and the stack fails with "Unable to validate the
following destination configurations".

## Example
```yaml
Uploads:
  Type: AWS::S3::Bucket
  Properties:
    BucketName: !Ref UploadsBucketName
    NotificationConfiguration:
      LambdaConfigurations:
        - Event: s3:ObjectCreated:*
          Function: !GetAtt Processor.Arn
ProcessorPermission:
  Type: AWS::Lambda::Permission
  Properties:
    FunctionName: !Ref Processor
    Action: lambda:InvokeFunction
    Principal: s3.amazonaws.com
    SourceArn: !Sub "arn:${AWS::Partition}:s3:::${UploadsBucketName}"
    SourceAccount: !Ref AWS::AccountId
```
Make the bucket wait for the permission:
```yaml
Uploads:
  Type: AWS::S3::Bucket
  DependsOn: ProcessorPermission
```

## Fix safety
The fix adds `DependsOn` to a bucket that has none. It only orders creation, so it is safe. No fix
is offered when the permission references the bucket (that would be a cycle) or the bucket already
has a `DependsOn` list.
)md",
             .help_uri = "https://repost.aws/knowledge-center/unable-validate-destination-s3",
             .precision = "high",
             .tags = "correctness,lambda,s3",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::invoke
