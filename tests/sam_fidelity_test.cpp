// What the SAM model generates where the SAM translator's own test suite showed a difference
// (tests/sam_differential, docs/sam.md): Tracing Disabled, SNS SqsSubscription, Fn::If items in
// Policies, integrations written in an OpenAPI DefinitionBody / Body, and the later value of a
// duplicate key.

#include "sam_test_support.h"

#include "analyzer/invoke.h"

#include <algorithm>

using namespace lint;
using lint::sam_test::build;
using lint::sam_test::policy_named;

namespace {

const Trigger* trigger_of(const Model& model, std::string_view function)
{
  for (const Trigger& trigger : model.triggers) {
    if (trigger.function != nullptr && trigger.function->resource->id == function) {
      return &trigger;
    }
  }
  return nullptr;
}

std::size_t triggers_of(const Model& model, std::string_view function)
{
  return static_cast<std::size_t>(std::count_if(model.triggers.begin(), model.triggers.end(), [&](const Trigger& trigger) {
    return trigger.function != nullptr && trigger.function->resource->id == function;
  }));
}

} // namespace

TEST_CASE("Tracing Disabled or empty: no X-Ray policy, and an empty Tracing is no tracing setting")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Disabled:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12, Tracing: Disabled}
  Empty:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12, Tracing: ""}
  Active:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12, Tracing: Active}
)");
  CHECK(policy_named(*built->function("Disabled").execution_role, "AWSXrayWriteOnlyAccess") == nullptr);
  CHECK(is_text(built->function("Disabled").tracing_mode, "Disabled"));
  CHECK(policy_named(*built->function("Empty").execution_role, "AWSXrayWriteOnlyAccess") == nullptr);
  CHECK(built->function("Empty").tracing_mode == nullptr);
  CHECK(policy_named(*built->function("Active").execution_role, "AWSXrayWriteOnlyAccess") != nullptr);
}

TEST_CASE("SNS SqsSubscription: the queue SAM creates (or the one named), polled by an SQS mapping")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties: {FifoTopic: true}
  Existing:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Created:
          Type: SNS
          Properties:
            Topic: !Ref Topic
            SqsSubscription: true
        Named:
          Type: SNS
          Properties:
            Topic: !Ref Topic
            SqsSubscription:
              QueueArn: !GetAtt Existing.Arn
              QueueUrl: !Ref Existing
              BatchSize: 8
)");
  const Model& model = *built->model;
  CHECK(trigger_of(model, "Worker") == nullptr); // the topic invokes no function: the queue is polled
  REQUIRE(model.event_source_mappings.size() == 2);
  const EventSourceMapping& created = model.event_source_mappings[0];
  CHECK(created.resource->id == "WorkerCreatedEventSourceMapping");
  CHECK(created.source_kind == SourceKind::sqs);
  REQUIRE(created.queue != nullptr);
  CHECK(created.queue->resource->id == "WorkerCreatedQueue");
  CHECK(created.queue->resource->generated);
  CHECK(created.queue->redrive_policy == nullptr);
  CHECK(as_bool(created.queue->fifo) == std::optional<bool>(true)); // FIFO topic → FIFO queue
  CHECK(built->line(created.queue->resource->id_range) == 18);      // SqsSubscription
  CHECK(model.find_queue("WorkerCreatedQueue") == created.queue);

  const EventSourceMapping& named = model.event_source_mappings[1];
  CHECK(named.resource->id == "WorkerNamedEventSourceMapping");
  REQUIRE(named.queue != nullptr);
  CHECK(named.queue->resource->id == "Existing");
  CHECK(as_integer(named.batch_size) == std::optional<std::int64_t>(8));

  const Policy* poller = policy_named(*built->function("Worker").execution_role, "AWSLambdaSQSQueueExecutionRole");
  REQUIRE(poller != nullptr);
  CHECK(built->line(poller->location.range) == 18);
}

TEST_CASE("Fn::If items in Policies: every branch is a conditional policy")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, "123456789012"]
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - !If
          - IsProd
          - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess
          - !Sub arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess
        - !If
          - IsProd
          - SQSSendMessagePolicy:
              QueueName: orders
          - !Ref AWS::NoValue
)");
  const Role& role = *built->function("Worker").execution_role;
  const Policy* admin = policy_named(role, "AdministratorAccess");
  REQUIRE(admin != nullptr);
  CHECK(admin->origin == PolicyOrigin::aws_managed);
  CHECK(admin->conditional);
  CHECK(built->line(admin->location.range) == 13);
  const Policy* read_only = policy_named(role, "ReadOnlyAccess");
  REQUIRE(read_only != nullptr);
  CHECK(read_only->conditional);
  CHECK(built->line(read_only->location.range) == 14);
  const Policy* send = policy_named(role, "SQSSendMessagePolicy");
  REQUIRE(send != nullptr);
  CHECK(send->origin == PolicyOrigin::sam_template); // the template's arguments are found inside the Fn::If
  CHECK(send->conditional);
  CHECK_FALSE(send->statements.empty());
}

TEST_CASE("integrations in an OpenAPI DefinitionBody or Body are triggers, and SAM creates no permission for them")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: /, Method: get}
  Other:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12}
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: "2.0"
        paths:
          /:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Worker.Arn}/invocations
          /other:
            post:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                timeoutInMillis: 5000
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Other.Arn}/invocations
                requestParameters:
                  integration.request.header.X-Amz-Invocation-Type: "'Event'"
          /site:
            get:
              x-amazon-apigateway-integration: {type: http_proxy, uri: "https://example.com"}
  Plain:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: "3.0.1"
        paths:
          /plain:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: AWS_PROXY
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Other.Arn}/invocations
)");
  const Model& model = *built->model;
  // Worker's integration is the one SAM merges from its Get event: one trigger, permission created.
  CHECK(triggers_of(model, "Worker") == 1);
  CHECK(trigger_of(model, "Worker")->permission_auto_created);
  REQUIRE(triggers_of(model, "Other") == 2);
  const Trigger* from_sam = nullptr;
  const Trigger* from_body = nullptr;
  for (const Trigger& trigger : model.triggers) {
    if (trigger.function == &built->function("Other")) {
      (trigger.source->id == "Api" ? from_sam : from_body) = &trigger;
    }
  }
  REQUIRE(from_sam != nullptr);
  REQUIRE(from_body != nullptr);
  CHECK(from_sam->kind == TriggerKind::api_rest);
  CHECK_FALSE(from_sam->permission_auto_created);
  CHECK(as_integer(from_sam->timeout_millis) == std::optional<std::int64_t>(5000));
  CHECK(from_sam->invocation() == InvocationMode::asynchronous);
  CHECK(built->line(from_sam->wiring.range) == 34);
  CHECK(from_sam->source_resource == model.find_resource("Api"));
  CHECK(from_body->source->id == "Plain");
  CHECK(from_body->kind == TriggerKind::api_rest);
  CHECK_FALSE(from_body->permission_auto_created);
  CHECK(from_body->source_resource == model.find_resource("Plain"));
  CHECK(built->line(from_body->wiring.range) == 51);
}

TEST_CASE("a duplicate key holds its later value, as CloudFormation deploys it (LL002 still reports it)")
{
  const auto built = build(R"(Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Timeout: 10
      Role: arn:aws:iam::123456789012:role/worker
      Timeout: 900
)");
  const Function& worker = built->function("Worker");
  CHECK(as_integer(worker.timeout) == std::optional<std::int64_t>(900));
  CHECK(built->line(worker.timeout) == 9);
  REQUIRE(built->doc.problems.size() == 1);
  CHECK(built->doc.problems[0].kind == SyntaxProblem::Kind::duplicate_key);
  CHECK(built->line(built->doc.problems[0].range) == 9);
  CHECK(built->line(built->doc.problems[0].related) == 7);
}

TEST_CASE("a function named ServerlessRestApi is replaced by the implicit API SAM writes over it")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties: {Path: /, Method: get}
  ServerlessRestApi:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12}
  ServerlessHttpApi:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12}
)");
  CHECK(built->model->find_function("ServerlessRestApi") == nullptr);
  CHECK(built->model->find_function("ServerlessHttpApi") != nullptr); // no HttpApi event: SAM creates no implicit HTTP API
  CHECK(built->model->find_function("Worker") != nullptr);
}

TEST_CASE("a Kafka event's schema registry: its access secrets and the Glue registry and schemas are granted")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Cluster:
          Type: SelfManagedKafka
          Properties:
            KafkaBootstrapServers: [abc.xyz.com:9092]
            Topics: [orders]
            SourceAccessConfigurations:
              - {Type: SASL_SCRAM_512_AUTH, URI: arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka}
            SchemaRegistryConfig:
              SchemaRegistryURI: !Sub arn:${AWS::Partition}:glue:${AWS::Region}:123456789012:registry/orders
              EventRecordFormat: JSON
              AccessConfigs:
                - Type: BASIC_AUTH
                  URI: arn:aws:secretsmanager:us-east-1:123456789012:secret:registry
)");
  const Policy* policy = policy_named(*built->function("Worker").execution_role, "SelfManagedKafkaExecutionRolePolicy");
  REQUIRE(policy != nullptr);
  std::vector<std::string> granted;
  for (const Statement& statement : policy->statements) {
    for (const std::string& action : lint::sam_test::actions(statement)) {
      granted.push_back(action);
    }
  }
  CHECK(granted == std::vector<std::string>{"secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue", "glue:GetRegistry", "glue:GetSchemaVersion"});
  REQUIRE(policy->statements.size() == 4);
  CHECK(built->line(policy->statements[1].value) == 21); // the registry's access secret
  const Value* schemas = list_items(policy->statements[3].resource).front();
  REQUIRE(schemas->kind == ValueKind::text_template);
  CHECK(schemas->parts.back().literal == ":schema/orders/*");
}

namespace {

std::vector<std::string> granted_actions(const Policy& policy)
{
  std::vector<std::string> granted;
  for (const Statement& statement : policy.statements) {
    for (const std::string& action : lint::sam_test::actions(statement)) {
      granted.push_back(action);
    }
  }
  return granted;
}

} // namespace

TEST_CASE("an MSK event's schema registry is granted in MSKExecutionRolePolicy")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Stream:
          Type: MSK
          Properties:
            Stream: arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc
            StartingPosition: LATEST
            Topics: [orders]
            SchemaRegistryConfig:
              SchemaRegistryURI: arn:aws:glue:us-east-1:123456789012:registry/orders
              EventRecordFormat: JSON
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Stream:
          Type: MSK
          Properties:
            Stream: arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc
            StartingPosition: LATEST
            Topics: [orders]
)");
  const Policy* policy = policy_named(*built->function("Worker").execution_role, "MSKExecutionRolePolicy");
  REQUIRE(policy != nullptr);
  CHECK(granted_actions(*policy) == std::vector<std::string>{"glue:GetRegistry", "glue:GetSchemaVersion"});
  CHECK(built->line(policy->statements[0].value) == 16); // the registry URI
  // Without a schema registry or a client certificate, SAM adds no inline policy.
  CHECK(policy_named(*built->function("Plain").execution_role, "MSKExecutionRolePolicy") == nullptr);
}

TEST_CASE("S3 destinations: s3:PutObject on the bucket's objects and s3:ListBucket on the bucket")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Parameters:
  Archive:
    Type: String
Resources:
  Async:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      EventInvokeConfig:
        DestinationConfig:
          OnFailure:
            Type: S3Bucket
            Destination: arn:aws:s3:::failures
          OnSuccess:
            Type: S3Bucket
            Destination: !Ref Archive
  Stream:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Orders:
          Type: MSK
          Properties:
            Stream: arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc
            StartingPosition: LATEST
            Topics: [orders]
            DestinationConfig:
              OnFailure:
                Type: S3
                Destination: !Sub arn:${AWS::Partition}:s3:::kafka-failures
)");
  const Role& async = *built->function("Async").execution_role;
  const Policy* failure = policy_named(async, "AsyncEventInvokeConfigOnFailureS3Policy");
  REQUIRE(failure != nullptr);
  CHECK(failure->origin == PolicyOrigin::sam_generated);
  CHECK(granted_actions(*failure) == std::vector<std::string>{"s3:PutObject", "s3:ListBucket"});
  CHECK(is_text(failure->statements[0].resource, "arn:aws:s3:::failures/*"));
  CHECK(is_text(failure->statements[1].resource, "arn:aws:s3:::failures"));
  CHECK(built->line(failure->location.range) == 14); // the OnFailure destination
  const Policy* success = policy_named(async, "AsyncEventInvokeConfigOnSuccessS3Policy");
  REQUIRE(success != nullptr);
  const Value* objects = success->statements[0].resource;
  REQUIRE(objects->kind == ValueKind::text_template);
  CHECK(objects->parts.front().reference.name == "Archive");
  CHECK(objects->parts.back().literal == "/*");

  const Policy* kafka = policy_named(*built->function("Stream").execution_role, "StreamOrdersS3Policy");
  REQUIRE(kafka != nullptr);
  CHECK(granted_actions(*kafka) == std::vector<std::string>{"s3:PutObject", "s3:ListBucket"});
  const Value* kafka_objects = kafka->statements[0].resource;
  REQUIRE(kafka_objects->kind == ValueKind::text_template);
  REQUIRE(kafka_objects->parts.size() >= 2);
  CHECK(kafka_objects->parts[kafka_objects->parts.size() - 2].literal == ":s3:::kafka-failures");
  CHECK(kafka_objects->parts.back().literal == "/*");
}

TEST_CASE("a durable function's generated role gets the durable variant of the basic execution policy")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    DurableConfig:
      ExecutionTimeout: 3600
Resources:
  Durable:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
)");
  const Role& durable = *built->function("Durable").execution_role;
  const Policy* policy = policy_named(durable, "AWSLambdaBasicDurableExecutionRolePolicy");
  REQUIRE(policy != nullptr);
  CHECK(is_text(policy->arn, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy"));
  CHECK(built->line(policy->location.range) == 4); // the DurableConfig it inherits
  CHECK(policy_named(durable, "AWSLambdaBasicExecutionRole") == nullptr);
}

TEST_CASE("a CloudWatchLogs event's caller is the log group it names")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Tail:
          Type: CloudWatchLogs
          Properties:
            LogGroupName: !Ref Logs
            FilterPattern: ERROR
)");
  const Trigger* trigger = trigger_of(*built->model, "Reader");
  REQUIRE(trigger != nullptr);
  CHECK(trigger->kind == TriggerKind::logs);
  CHECK(trigger->source->id == "ReaderTail");
  CHECK(invoke::source_identity(*trigger).id == "Logs");
}

TEST_CASE("connectors attach to roles written in the template, of SAM and CloudFormation functions")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Runner:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Role: !GetAtt Runner.Arn
      Code: {ZipFile: "def handler(e, c): pass"}
  Serverless:
    Type: AWS::Serverless::Function
    Connectors:
      Send:
        Properties:
          Destination: {Id: Queue}
          Permissions: [Write]
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Role: !GetAtt Runner.Arn
  Read:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Plain}
      Destination: {Id: Queue}
      Permissions: [Read]
  Orders:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Plain}
      Destination:
        Type: AWS::DynamoDB::Table
        Arn: arn:aws:dynamodb:us-east-1:123456789012:table/orders
      Permissions: [Read]
)");
  const Role& role = *built->function("Plain").execution_role;
  CHECK(role.id == "Runner");
  const Policy* read = policy_named(role, "ReadPolicy");
  REQUIRE(read != nullptr);
  CHECK(read->origin == PolicyOrigin::sam_generated);
  CHECK(granted_actions(*read) == std::vector<std::string>{"sqs:ReceiveMessage", "sqs:GetQueueAttributes"});
  const Policy* send = policy_named(role, "ServerlessSendPolicy");
  REQUIRE(send != nullptr);
  CHECK(granted_actions(*send) == std::vector<std::string>{"sqs:DeleteMessage", "sqs:SendMessage", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue"});
  CHECK(built->line(send->location.range) == 21);
  // A destination given by Type and Arn: the source's role is granted on the written ARN.
  const Policy* orders = policy_named(role, "OrdersPolicy");
  REQUIRE(orders != nullptr);
  REQUIRE(orders->statements.size() == 1);
  const std::span<const Value* const> tables = list_items(orders->statements[0].resource);
  REQUIRE(tables.size() == 2);
  CHECK(is_text(tables[0], "arn:aws:dynamodb:us-east-1:123456789012:table/orders"));
  CHECK(is_text(tables[1], "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/*"));
}

TEST_CASE("OpenAPI methods inside Fn::If (SAM's conditional functions) are read in both branches")
{
  const auto built = build(R"(Conditions:
  On: !Equals [a, a]
Resources:
  Hello:
    Type: AWS::Lambda::Function
    Condition: On
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: "def handler(e, c): pass"}
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        paths:
          /hello:
            Fn::If:
              - On
              - get:
                  Fn::If:
                    - On
                    - x-amazon-apigateway-integration:
                        type: aws_proxy
                        httpMethod: POST
                        uri:
                          Fn::If:
                            - On
                            - !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Hello.Arn}/invocations
                            - !Ref AWS::NoValue
                    - !Ref AWS::NoValue
              - !Ref AWS::NoValue
)");
  REQUIRE(triggers_of(*built->model, "Hello") == 1);
  const Trigger* trigger = trigger_of(*built->model, "Hello");
  CHECK(trigger->kind == TriggerKind::api_rest);
  CHECK(trigger->source->id == "Api");
  CHECK(built->line(trigger->wiring.range) == 30);
}

TEST_CASE("an HttpApi event whose ApiId names an AWS::Serverless::Api is a REST integration of that API")
{
  // The suite's api_with_any_method_in_swagger: SAM writes the event into the REST API's body.
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  OnRest:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get:
          Type: HttpApi
          Properties: {ApiId: !Ref Rest, Path: /, Method: get, TimeoutInMillis: 5000}
  OnHttp:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get:
          Type: HttpApi
          Properties: {ApiId: !Ref Http, Path: /, Method: get}
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: '3.0'
        paths: {}
  Http:
    Type: AWS::Serverless::HttpApi
)");
  const Model& model = *built->model;
  REQUIRE(triggers_of(model, "OnRest") == 1);
  const Trigger* rest = trigger_of(model, "OnRest");
  CHECK(rest->source->id == "Rest");
  CHECK(rest->kind == TriggerKind::api_rest);
  CHECK(rest->protocol() == ApiProtocol::rest);
  CHECK(rest->permission_auto_created);
  CHECK(as_integer(rest->timeout_millis) == std::optional<std::int64_t>(5000));
  CHECK(built->line(rest->wiring.range) == 9);
  REQUIRE(triggers_of(model, "OnHttp") == 1);
  CHECK(trigger_of(model, "OnHttp")->kind == TriggerKind::api_http);
  CHECK(trigger_of(model, "OnHttp")->protocol() == ApiProtocol::http);
}

TEST_CASE("an event on a DefinitionBody SAM does not take for Swagger or OpenAPI is no trigger")
{
  // SwaggerEditor.is_valid / OpenApiEditor.is_valid: `paths` must be a map; a truthy `swagger`
  // (Api events only) or an `openapi` 3.x. The suite's api_merge_definitions_with_any_method and
  // api_with_merge_definitions_null_paths: the translated body has no path for the event.
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Conditions:
  On: !Equals [a, a]
Resources:
  NoPaths:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Any: {Type: Api, Properties: {RestApiId: !Ref NoPathsApi, Path: /proxy, Method: any}}
  NullPaths:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Any: {Type: Api, Properties: {RestApiId: !Ref NullPathsApi, Path: /proxy, Method: any}}
  Swagger:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Any: {Type: Api, Properties: {RestApiId: !Ref SwaggerApi, Path: /proxy, Method: any}}
  HttpOnSwagger:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Any: {Type: HttpApi, Properties: {ApiId: !Ref SwaggerApi, Path: /http, Method: get}}
  OpenApi3:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Any: {Type: HttpApi, Properties: {ApiId: !Ref OpenApi3Api, Path: /, Method: get}}
  OpenApiMajorOnly:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Any: {Type: HttpApi, Properties: {ApiId: !Ref MajorOnlyApi, Path: /, Method: get}}
  Conditional:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Any: {Type: Api, Properties: {RestApiId: !Ref ConditionalApi, Path: /, Method: get}}
  NoPathsApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      MergeDefinitions: true
      DefinitionBody:
        swagger: 2
        x-amazon-apigateway-policy: {Version: '2012-10-17'}
  NullPathsApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      MergeDefinitions: true
      DefinitionBody:
        swagger: 2
        paths:
  SwaggerApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      DefinitionBody:
        swagger: 2
        paths: {}
  OpenApi3Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: 3.0.1
        paths: {}
  MajorOnlyApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: '3'
        paths: {}
  ConditionalApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      DefinitionBody: !If [On, {swagger: '2.0', paths: {}}, {swagger: '2.0', paths: {}}]
)");
  const Model& model = *built->model;
  CHECK(triggers_of(model, "NoPaths") == 0);          // no `paths`
  CHECK(triggers_of(model, "NullPaths") == 0);        // `paths:` null
  CHECK(triggers_of(model, "Swagger") == 1);          // `swagger: 2` is truthy: a Swagger body
  CHECK(triggers_of(model, "HttpOnSwagger") == 0);    // OpenApiEditor wants `openapi` 3.x
  CHECK(triggers_of(model, "OpenApi3") == 1);
  CHECK(triggers_of(model, "OpenApiMajorOnly") == 0); // '3' does not match 3(.d)(.d)?
  CHECK(triggers_of(model, "Conditional") == 1);      // an intrinsic body: not judged, the event stays
}

TEST_CASE("connector endpoints given by Type, Arn and RoleName instead of Id")
{
  const auto built = build(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
  Runner:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
  Named:
    Type: AWS::IAM::Role
    Properties:
      RoleName: named-runner
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
  ByRef:
    Type: AWS::Serverless::Connector
    Properties:
      Source:
        Type: AWS::Lambda::Function
        Arn: !GetAtt Worker.Arn
        RoleName: !Ref Runner
      Destination: {Type: AWS::DynamoDB::Table, Arn: !GetAtt Table.Arn}
      Permissions: [Read]
  ByName:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Type: AWS::Serverless::Function, RoleName: named-runner}
      Destination: {Id: Queue}
      Permissions: [Write]
  Elsewhere:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Type: AWS::Lambda::Function, RoleName: a-role-of-another-stack}
      Destination: {Id: Queue}
      Permissions: [Write]
  Polled:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Type: AWS::SQS::Queue, Arn: arn:aws:sqs:us-east-1:123456789012:jobs}
      Destination: {Id: Worker}
      Permissions: [Read]
  Notified:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Type: AWS::SNS::Topic, Arn: !Ref Topic}
      Destination: {Type: AWS::Lambda::Function, Arn: !GetAtt Worker.Arn}
      Permissions: [Write]
)");
  const Model& model = *built->model;
  const Role& runner = *model.find_role("Runner");
  const Policy* by_ref = policy_named(runner, "ByRefPolicy");
  REQUIRE(by_ref != nullptr);
  CHECK(by_ref->origin == PolicyOrigin::sam_generated);
  CHECK(granted_actions(*by_ref) == std::vector<std::string>{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem",
                                                             "dynamodb:ConditionCheckItem", "dynamodb:PartiQLSelect"});
  CHECK(built->line(by_ref->location.range) == 30);
  REQUIRE(by_ref->statements.size() == 1);
  const std::span<const Value* const> tables = list_items(by_ref->statements[0].resource);
  REQUIRE(tables.size() == 2);
  CHECK(model.resource_for(tables[0]) == model.find_resource("Table"));
  const Policy* by_name = policy_named(*model.find_role("Named"), "ByNamePolicy");
  REQUIRE(by_name != nullptr);
  CHECK(granted_actions(*by_name) == std::vector<std::string>{"sqs:DeleteMessage", "sqs:SendMessage", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue"});
  // A role from outside the template, and the source's own role when it is not named: nothing.
  for (const Role& role : model.roles) {
    CHECK(policy_named(role, "ElsewherePolicy") == nullptr);
  }
  CHECK(policy_named(*built->function("Worker").execution_role, "ByRefPolicy") == nullptr);
  // A queue given by Arn polled by a function of the template: the function's role is granted.
  const Policy* polled = policy_named(*built->function("Worker").execution_role, "PolledPolicy");
  REQUIRE(polled != nullptr);
  CHECK(granted_actions(*polled) == std::vector<std::string>{"sqs:ReceiveMessage", "sqs:GetQueueAttributes"});
  CHECK(is_text(list_items(polled->statements[0].resource).front(), "arn:aws:sqs:us-east-1:123456789012:jobs"));
  // A topic given by Arn invoking a function given by Arn: the invoke permission SAM creates.
  const Permission* notified = nullptr;
  for (const Permission& permission : model.permissions) {
    if (permission.resource != nullptr && permission.resource->id == "NotifiedWriteLambdaPermission") {
      notified = &permission;
    }
  }
  REQUIRE(notified != nullptr);
  CHECK(notified->function == &built->function("Worker"));
  CHECK(is_text(notified->principal, "sns.amazonaws.com"));
  CHECK(model.resource_for(notified->source_arn) == model.find_resource("Topic"));
}
