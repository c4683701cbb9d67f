// LL301 missing-event-source-permission: an event source mapping reads a source that the
// function's execution role cannot read.
//
// What Lambda needs, per source (execution role permissions):
// - SQS: sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes on the queue
//   https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (as granted by the
//   AWSLambdaSQSQueueExecutionRole managed policy, whose document is in the compiled data set).
// - DynamoDB streams: dynamodb:DescribeStream, dynamodb:GetRecords, dynamodb:GetShardIterator on the
//   stream (AWS also lists dynamodb:ListStreams, which only supports `*`; it is not required here)
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/iam-policy-example-lamda-process-dynamodb-streams.html
// - Kinesis: kinesis:GetRecords and kinesis:GetShardIterator on the stream, without which no record
//   can be read. AWS lists more (DescribeStream, DescribeStreamSummary, ListShards, ListStreams,
//   SubscribeToShard; https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-create.html),
//   but older working roles often lack some of them, so only the two are required (precision first).
// - Amazon MSK: kafka:GetBootstrapBrokers and one of kafka:DescribeCluster / kafka:DescribeClusterV2
//   on the cluster ("You only need to add one of kafka:DescribeCluster or kafka:DescribeClusterV2";
//   the AWSLambdaMSKExecutionRole managed policy grants them)
//   https://docs.aws.amazon.com/lambda/latest/dg/with-msk-permissions.html. AWS lists the ec2 network
//   interface actions only for clusters in private subnets, so they are not required here.
// - Amazon MQ: mq:DescribeBroker on the broker (https://docs.aws.amazon.com/lambda/latest/dg/with-mq.html#events-mq-permissions;
//   SAM's generated policy grants it on the Broker ARN). The ec2 actions apply only to brokers in a
//   VPC and the secret to brokers with authentication: not checked.
// - DocumentDB: rds:DescribeDBClusters on the cluster (https://docs.aws.amazon.com/lambda/latest/dg/with-documentdb.html;
//   SAM's generated policy grants it on the Cluster ARN). The account-wide rds:Describe* and ec2
//   actions it also lists, and the secret, are not checked.
// Self-managed Kafka (no EventSourceArn; only a secret and VPC actions that depend on its
// SourceAccessConfigurations) is not checked.

#include "rules/common/iam_rule_helpers.h"

namespace lint::rules::permissions {
namespace {

void check(const Model& model, RuleContext& context)
{
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    if (mapping.function == nullptr || mapping.function->execution_role == nullptr || !is_set(mapping.event_source_arn)) {
      continue;
    }
    iam_rules::Requirement requirement;
    std::string noun;
    switch (mapping.source_kind) {
    case SourceKind::sqs:
      requirement.actions = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"};
      noun = "queue";
      break;
    case SourceKind::dynamodb_stream:
      requirement.actions = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"};
      noun = "stream of table";
      break;
    case SourceKind::kinesis:
      if (mapping.source && mapping.source->kind() == ResourceKind::kinesis_stream_consumer) {
        continue; // enhanced fan-out: the consumer ARN, not the stream's, is written here
      }
      requirement.actions = {"kinesis:GetRecords", "kinesis:GetShardIterator"};
      noun = "stream";
      break;
    case SourceKind::kafka:
      requirement.actions = {"kafka:GetBootstrapBrokers"};
      requirement.any_of_actions = {"kafka:DescribeCluster", "kafka:DescribeClusterV2"};
      noun = "Kafka cluster";
      break;
    case SourceKind::mq:
      requirement.actions = {"mq:DescribeBroker"};
      noun = "broker";
      break;
    case SourceKind::documentdb:
      requirement.actions = {"rds:DescribeDBClusters"};
      noun = "DocumentDB cluster";
      break;
    default: continue;
    }
    if (mapping.event_source_arn->kind == ValueKind::choice) {
      continue; // one requirement per branch would need scenario handling; stay silent
    }
    if (mapping.source && iam_rules::has_resource_policy(model, *mapping.source)) {
      continue;
    }
    requirement.resource = lint::iam::symbolic_text(model, mapping.event_source_arn);
    const std::string source_name = mapping.source ? "'" + mapping.source->id + "'" : "'" + lint::iam::to_display(requirement.resource) + "'";
    requirement.resource_label = source_name;
    requirement.fix_resource_yaml = iam_rules::yaml_source(*mapping.resource, mapping.event_source_arn).value_or("");
    iam_rules::check_requirement(model, context, *mapping.function, requirement, mapping.resource->location(mapping.event_source_arn),
                                 fmt::format("reads {} {} through event source mapping '{}'", noun, source_name, mapping.resource->id),
                                 fmt::format("{}/EventSourceArn", mapping.resource->id));
  }
}

} // namespace

const Rule& missing_event_source_permission()
{
  static const Rule rule{
    .meta = {.id = "LL301",
             .name = "missing-event-source-permission",
             .family = "permissions",
             .level = Level::error,
             .summary = "An event source mapping reads a queue, stream, cluster or broker the function's execution role cannot read",
             .explanation = R"md(## What it does
For every event source mapping whose function has an execution role declared in the template,
evaluates the role's effective policy (inline policies, attached policies, AWS managed policies
from their documents, explicit Deny, permissions boundary) for what Lambda needs to poll the
source: sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes on an SQS queue;
dynamodb:DescribeStream, GetRecords and GetShardIterator on a DynamoDB stream;
kinesis:GetRecords and GetShardIterator on a Kinesis stream; kafka:GetBootstrapBrokers and
kafka:DescribeCluster or DescribeClusterV2 on an Amazon MSK cluster; mq:DescribeBroker on an
Amazon MQ broker; rds:DescribeDBClusters on a DocumentDB cluster. Missing actions are named. A
permission that depends on a Condition, an unknown policy or an unknown value is not reported,
and neither is a source that has its own resource policy in the template.

## Why is this bad?
Lambda checks the permissions when the mapping is created, so the deployment fails, or the mapping
is disabled later when the role changes and the function silently stops receiving events.

## Example
```yaml
Role:
  Type: AWS::IAM::Role
  Properties:
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
Mapping:
  Type: AWS::Lambda::EventSourceMapping
  Properties:
    FunctionName: !Ref Worker
    EventSourceArn: !GetAtt Jobs.Arn
```
Grant exactly what the mapping needs on that queue:
```yaml
    Policies:
      - PolicyName: jobs
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]
              Resource: !GetAtt Jobs.Arn
```

## Fix safety
The fix appends a statement with exactly the missing actions on the mapping's source to the role's
first inline policy (YAML block lists and JSON arrays; no fix for flow-style YAML). It widens permissions, so
it is unsafe: review it.
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
             .precision = "high",
             .tags = "correctness,iam,event-source",
             .has_fix = true},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::permissions
