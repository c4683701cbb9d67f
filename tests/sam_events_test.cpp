// SAM events become the triggers and event source mappings SAM generates, with the permission SAM
// creates for push events; function options become the facets of what SAM generates for them.

#include "sam_test_support.h"

#include <algorithm>

using namespace lint;
using lint::sam_test::actions;
using lint::sam_test::build;
using lint::sam_test::policy_named;

namespace {

constexpr const char* k_events = R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Bucket:
    Type: AWS::S3::Bucket
  Topic:
    Type: AWS::SNS::Topic
  Pool:
    Type: AWS::Cognito::UserPool
  Http:
    Type: AWS::Serverless::HttpApi
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Timeout: 40
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 5
      FunctionUrlConfig:
        AuthType: NONE
      EventInvokeConfig:
        DestinationConfig:
          OnFailure:
            Type: SQS
          OnSuccess:
            Type: SNS
            Destination: !Ref Topic
      Events:
        Get:
          Type: Api
          Properties: {Path: /, Method: get, TimeoutInMillis: 10000}
        Post:
          Type: Api
          Properties: {Path: /, Method: post}
        HttpGet:
          Type: HttpApi
          Properties: {ApiId: !Ref Http}
        Upload:
          Type: S3
          Properties: {Bucket: !Ref Bucket, Events: "s3:ObjectCreated:*"}
        Note:
          Type: SNS
          Properties: {Topic: !Ref Topic}
        Queued:
          Type: SNS
          Properties: {Topic: !Ref Topic, SqsSubscription: true}
        Rule:
          Type: EventBridgeRule
          Properties: {Pattern: {source: [x]}}
        Cron:
          Type: ScheduleV2
          Properties: {ScheduleExpression: rate(1 hour)}
        Logs:
          Type: CloudWatchLogs
          Properties: {LogGroupName: g, FilterPattern: ""}
        SignUp:
          Type: Cognito
          Properties: {UserPool: !Ref Pool, Trigger: PreSignUp}
        Iot:
          Type: IoTRule
          Properties: {Sql: "SELECT * FROM 'x'"}
        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 10
            MaximumBatchingWindowInSeconds: 5
            ScalingConfig: {MaximumConcurrency: 3}
        Changes:
          Type: DynamoDB
          Properties:
            Stream: arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2020
            StartingPosition: TRIM_HORIZON
            DestinationConfig:
              OnFailure:
                Type: SQS
                Destination: !GetAtt Jobs.Arn
        Broker:
          Type: MQ
          Properties:
            Broker: arn:aws:mq:us-east-1:123456789012:broker:b:id
            Queues: [q]
            SourceAccessConfigurations:
              - {Type: BASIC_AUTH, URI: arn:aws:secretsmanager:us-east-1:123456789012:secret:s}
  Caller:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Role: !GetAtt FnRole.Arn
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn.Alias
      Principal: s3.amazonaws.com
)";

std::vector<const Trigger*> triggers_of(const Model& model, TriggerKind kind)
{
  std::vector<const Trigger*> out;
  for (const Trigger& trigger : model.triggers) {
    if (trigger.kind == kind) {
      out.push_back(&trigger);
    }
  }
  return out;
}

} // namespace

TEST_CASE("push events are triggers whose permission SAM creates, located at the event")
{
  const auto built = build(k_events);
  const Model& model = *built->model;
  const Function& fn = built->function("Fn");
  for (const Trigger& trigger : model.triggers) {
    CHECK(trigger.function == &fn);
    CHECK(trigger.permission_auto_created);
    REQUIRE(trigger.source != nullptr);
  }
  const auto rest = triggers_of(model, TriggerKind::api_rest);
  REQUIRE(rest.size() == 2);
  // Both Api events share the one implicit ServerlessRestApi, located at the first of them.
  CHECK(rest[0]->source->id == "ServerlessRestApi");
  CHECK(rest[1]->source == rest[0]->source);
  CHECK(built->line(rest[0]->source->id_range) == 32);
  CHECK(built->line(rest[0]->wiring.range) == 32);
  CHECK(as_integer(rest[0]->timeout_millis) == 10000);
  CHECK(rest[1]->timeout_millis == nullptr);

  const auto http = triggers_of(model, TriggerKind::api_http);
  REQUIRE(http.size() == 1);
  CHECK(http[0]->source->id == "Http");
  CHECK(model.find_resource("ServerlessHttpApi") == nullptr);

  const auto s3 = triggers_of(model, TriggerKind::s3);
  REQUIRE(s3.size() == 1);
  CHECK(s3[0]->source->id == "Bucket");
  // SqsSubscription: SAM subscribes a queue instead, so only one SNS trigger.
  const auto sns = triggers_of(model, TriggerKind::sns);
  REQUIRE(sns.size() == 1);
  CHECK(sns[0]->source->id == "Topic");
  CHECK(built->line(sns[0]->wiring.range) == 44);

  const auto events = triggers_of(model, TriggerKind::events);
  REQUIRE(events.size() == 2);
  CHECK(events[0]->source->id == "FnRule");
  CHECK(events[0]->source->type == "AWS::Events::Rule");
  CHECK(events[0]->source->generated);
  CHECK(events[1]->source->type == "AWS::Scheduler::Schedule");
  CHECK(triggers_of(model, TriggerKind::logs).size() == 1);
  REQUIRE(triggers_of(model, TriggerKind::cognito).size() == 1);
  CHECK(triggers_of(model, TriggerKind::cognito)[0]->source->id == "Pool");
  CHECK(triggers_of(model, TriggerKind::iot).size() == 1);
}

TEST_CASE("pull events are event source mappings with their batch settings and resolved sources")
{
  const auto built = build(k_events);
  const Model& model = *built->model;
  // The SNS event with SqsSubscription polls the queue SAM creates: a fourth, SQS mapping.
  REQUIRE(model.event_source_mappings.size() == 4);
  const EventSourceMapping& queued = model.event_source_mappings[0];
  CHECK(queued.resource->id == "FnQueuedEventSourceMapping");
  CHECK(queued.source_kind == SourceKind::sqs);
  REQUIRE(queued.queue != nullptr);
  CHECK(queued.queue->resource->id == "FnQueuedQueue");
  const EventSourceMapping& work = model.event_source_mappings[1];
  CHECK(work.resource->id == "FnWork");
  CHECK(work.resource->generated);
  CHECK(built->line(work.resource->id_range) == 65);
  CHECK(work.source_kind == SourceKind::sqs);
  REQUIRE(work.queue != nullptr);
  CHECK(work.queue->resource->id == "Jobs");
  CHECK(work.function == &built->function("Fn"));
  CHECK(as_integer(work.batch_size) == 10);
  CHECK(as_integer(work.maximum_batching_window) == 5);
  CHECK(as_integer(work.maximum_concurrency) == 3);

  const EventSourceMapping& changes = model.event_source_mappings[2];
  CHECK(changes.source_kind == SourceKind::dynamodb_stream);
  CHECK(is_text(changes.starting_position, "TRIM_HORIZON"));
  REQUIRE(changes.on_failure_destination != nullptr);
  CHECK(model.resource_for(changes.on_failure_destination)->id == "Jobs");

  const EventSourceMapping& broker = model.event_source_mappings[3];
  CHECK(broker.source_kind == SourceKind::mq);
}

TEST_CASE("pull events add their execution policies to the generated role")
{
  const auto built = build(k_events);
  const Role& role = *built->function("Fn").execution_role;
  const Policy* sqs = policy_named(role, "AWSLambdaSQSQueueExecutionRole");
  REQUIRE(sqs != nullptr);
  CHECK(is_text(sqs->arn, "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"));
  CHECK(built->line(sqs->location.range) == 49); // its first cause: the SqsSubscription (SAM lists the ARN once)
  CHECK(policy_named(role, "AWSLambdaDynamoDBExecutionRole") != nullptr);
  const Policy* on_failure = policy_named(role, "FnChangesSQSPolicy");
  REQUIRE(on_failure != nullptr);
  CHECK(actions(on_failure->statements.at(0)) == std::vector<std::string>{"sqs:SendMessage"});
  const Policy* mq = policy_named(role, "SamAutoGeneratedAMQPolicy");
  REQUIRE(mq != nullptr);
  CHECK(mq->origin == PolicyOrigin::sam_generated);
  REQUIRE(mq->statements.size() == 2);
  CHECK(actions(mq->statements[0]) == std::vector<std::string>{"secretsmanager:GetSecretValue"});
  CHECK(actions(mq->statements[1]) == std::vector<std::string>{"mq:DescribeBroker"});
}

TEST_CASE("AutoPublishAlias, provisioned concurrency, function URL and asynchronous destinations")
{
  const auto built = build(k_events);
  const Model& model = *built->model;
  const Function& fn = built->function("Fn");
  REQUIRE(model.provisioned_concurrency.size() == 1);
  CHECK(as_integer(model.provisioned_concurrency[0].amount) == 5);
  CHECK(model.provisioned_concurrency[0].function == &fn);

  REQUIRE(model.function_urls.size() == 1);
  CHECK(model.function_urls[0].resource->id == "FnUrl");
  CHECK(is_text(model.function_urls[0].auth_type, "NONE"));
  CHECK(built->line(model.function_urls[0].auth_type) == 23);

  REQUIRE(model.event_invoke_configs.size() == 1);
  const EventInvokeConfig& config = model.event_invoke_configs[0];
  CHECK(config.function == &fn);
  // OnFailure Type SQS without Destination: the queue SAM creates.
  const Reference* created = single_reference(config.on_failure);
  REQUIRE(created != nullptr);
  CHECK(created->name == "FnEventInvokeConfigOnFailureQueue");
  CHECK(model.resource_for(config.on_success)->id == "Topic");
  const Role& role = *fn.execution_role;
  REQUIRE(policy_named(role, "FnEventInvokeConfigOnFailureSQSPolicy") != nullptr);
  const Policy* publish = policy_named(role, "FnEventInvokeConfigOnSuccessSNSPolicy");
  REQUIRE(publish != nullptr);
  CHECK(actions(publish->statements.at(0)) == std::vector<std::string>{"sns:publish"});
}

TEST_CASE("SAM's generated names resolve: Fn.Alias, FnAlias<name>, FnRole")
{
  const auto built = build(k_events);
  const Model& model = *built->model;
  const Function& fn = built->function("Fn");
  CHECK(model.find_function("Fn.Alias") == &fn);
  CHECK(model.find_function("Fn.Version") == &fn);
  CHECK(model.find_function("FnAliaslive") == &fn);
  REQUIRE(model.permissions.size() == 1);
  CHECK(model.permissions[0].function == &fn);
  // Another function may use the generated role.
  const Function& caller = built->function("Caller");
  REQUIRE(caller.execution_role != nullptr);
  CHECK(caller.execution_role->id == "FnRole");
  CHECK(caller.execution_role->functions.size() == 2);
  CHECK(model.problems.empty());
}
