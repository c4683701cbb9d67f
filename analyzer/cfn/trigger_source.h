#pragma once
// What a service presents when it invokes a function for a CloudFormation trigger: its principal,
// the resource it acts for and that resource's ARN (aws:SourceArn), for matching against the
// function's permissions (analyzer/invoke.h).

#include "analyzer/model.h"

namespace lint::cfn {

/// Fills trigger.principal, trigger.source_resource and trigger.source_arn from trigger.kind and
/// the CloudFormation resource that holds the wiring (trigger.source).
void describe_trigger_source(Model& model, Trigger& trigger);

} // namespace lint::cfn
