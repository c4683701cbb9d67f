#pragma once
// Building ResourcePolicy facets, the same for every front end: a policy resource that names its
// targets (AWS::SQS::QueuePolicy Queues, aws_sqs_queue_policy queue_url, ...) and a policy written
// inline on the resource it protects (a queue's or key's own policy attribute).

#include "analyzer/model.h"

namespace lint {

/// One resource policy per resource `targets` references (a list or one value), or one with an
/// unresolved target when it references none.
void add_resource_policies(Model& model, const Resource& resource, const Value* targets, ResourceKind kind, const Value* document);

/// A policy written on the resource it applies to; nothing when `document` is not set.
void add_inline_resource_policy(Model& model, const Resource& resource, const Value* document);

} // namespace lint
