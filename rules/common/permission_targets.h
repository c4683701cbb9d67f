#pragma once
// LL303 / LL304: what Lambda sends, with the function's execution role, to the targets of the
// function's own configuration (dead-letter queue, asynchronous invocation destinations).
//
// The execution role needs the send permission of the target's service
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html; SAM grants the
// same actions for DeadLetterQueue and EventInvokeConfig destinations, see analyzer/sam/expansion.cpp):
// SQS sqs:SendMessage, SNS sns:Publish, Lambda lambda:InvokeFunction, EventBridge events:PutEvents.
// S3 buckets are valid on-failure destinations of asynchronous invocation too, but the permissions
// Lambda needs for them are not checked here (not verified against AWS documentation yet).

#include "rules/common/iam_rule_helpers.h"

#include <string>
#include <string_view>

namespace lint::rules::iam_rules {

enum class TargetService : std::uint8_t { unknown, sqs, sns, lambda, events };

/// The service of a target: the kind of the declared resource it references, or the service of
/// its ARN. Unknown for anything else (parameters, imports, ARNs built from unknown parts).
inline TargetService target_service(const Model& model, const Value* arn)
{
  if (const Resource* target = model.resource_for(arn)) {
    switch (target->kind()) {
    case ResourceKind::queue: return TargetService::sqs;
    case ResourceKind::topic: return TargetService::sns;
    case ResourceKind::function:
    case ResourceKind::function_alias:
    case ResourceKind::function_version: return TargetService::lambda;
    case ResourceKind::event_bus: return TargetService::events;
    default: return TargetService::unknown;
    }
  }
  const std::string service = arn_service(arn);
  return service == "sqs"      ? TargetService::sqs
         : service == "sns"    ? TargetService::sns
         : service == "lambda" ? TargetService::lambda
         : service == "events" ? TargetService::events
                               : TargetService::unknown;
}

/// Whether a policy declared in the template on the target itself (queue or topic policy, the
/// function's permissions, an event bus policy) may grant what the role lacks: then stay silent.
inline bool target_has_own_policy(const Model& model, const Resource& target, TargetService service)
{
  switch (service) {
  case TargetService::sqs:
  case TargetService::sns: return has_resource_policy(model, target);
  case TargetService::lambda:
    return std::any_of(model.permissions.begin(), model.permissions.end(),
                       [&](const Permission& permission) { return permission.function && permission.function->resource == &target; });
  case TargetService::events:
    // An event bus policy whose bus cannot be resolved (a name) may be this bus's.
    return !model.resource_policies_of(target, /*unresolved_of_kind=*/true).empty();
  case TargetService::unknown: break;
  }
  return false;
}

/// Checks that `function`'s execution role may send to the target written at `arn` (a dead-letter
/// queue, a destination). `purpose` completes "Function 'F' sends ... to" ("discarded events").
/// Silent for unknown targets, Fn::If choices, and targets with a policy of their own.
inline void check_send_to_target(const Model& model, RuleContext& context, const Function& function, const Resource& owner,
                                 const Value* arn, const std::string& purpose, const std::string& fingerprint)
{
  if (function.execution_role == nullptr || !is_set(arn) || arn->kind == ValueKind::choice) {
    return;
  }
  const TargetService service = target_service(model, arn);
  Requirement requirement;
  std::string noun;
  switch (service) {
  case TargetService::sqs:
    requirement.actions = {"sqs:SendMessage"};
    noun = "queue";
    break;
  case TargetService::sns:
    requirement.actions = {"sns:Publish"};
    noun = "topic";
    break;
  case TargetService::lambda:
    requirement.actions = {"lambda:InvokeFunction"};
    noun = "function";
    break;
  case TargetService::events:
    requirement.actions = {"events:PutEvents"};
    noun = "event bus";
    break;
  case TargetService::unknown: return;
  }
  const Resource* target = model.resource_for(arn);
  if (target != nullptr && target_has_own_policy(model, *target, service)) {
    return;
  }
  requirement.resource = lint::iam::symbolic_text(model, arn);
  requirement.resource_label = fmt::format("{} '{}'", noun, target ? target->id : lint::iam::to_display(requirement.resource));
  requirement.fix_resource_yaml = yaml_source(owner, arn).value_or("");
  Finding* finding = check_requirement(model, context, function, requirement, owner.location(arn),
                                       fmt::format("sends {} to {} {}", purpose, noun, target ? "'" + target->id + "'" : "'" + lint::iam::to_display(requirement.resource) + "'"),
                                       fingerprint);
  if (finding != nullptr && target != nullptr && !target->generated) {
    finding->related.push_back({target->at_id(), fmt::format("{} '{}'", noun, target->id)});
  }
}

} // namespace lint::rules::iam_rules
