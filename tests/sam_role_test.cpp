// The execution role SAM generates for a function: AWSLambdaBasicExecutionRole, the Policies
// (managed names and ARNs, inline documents, policy templates), and the policies SAM adds by itself,
// each located at the line of the template that causes it.

#include "sam_test_support.h"

#include <algorithm>

using namespace lint;
using lint::sam_test::actions;
using lint::sam_test::build;
using lint::sam_test::policy_named;

namespace {

constexpr const char* k_roles = R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Tracing: Active
Resources:
  Table:
    Type: AWS::Serverless::SimpleTable
  Dlq:
    Type: AWS::SQS::Queue
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: "s3:*", Resource: "*"}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      PermissionsBoundary: !Ref Boundary
      VpcConfig:
        SubnetIds: [subnet-1]
        SecurityGroupIds: [sg-1]
      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt Dlq.Arn
      Policies:
        - AmazonS3ReadOnlyAccess
        - AWSLambdaVPCAccessExecutionRole
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonSQSReadOnlyAccess
        - !Ref Boundary
        - DynamoDBCrudPolicy:
            TableName: !Ref Table
        - SQSPollerPolicy: {}
        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: arn:aws:s3:::bucket/*
      Events:
        Stream:
          Type: Kinesis
          Properties:
            Stream: arn:aws:kinesis:us-east-1:123456789012:stream/s
            StartingPosition: LATEST
  WithRole:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/existing
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Dlq.Arn
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Policies:
        - LambdaInvokePolicy:
            FunctionName: !Ref Worker
      Definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: !GetAtt Worker.Arn
            TimeoutSeconds: 5
            End: true
Outputs:
  RoleArn:
    Value: !GetAtt WorkerRole.Arn
)";

} // namespace

TEST_CASE("a function without Role gets <Function>Role trusting lambda.amazonaws.com")
{
  const auto built = build(k_roles);
  const Function& worker = built->function("Worker");
  REQUIRE(worker.execution_role != nullptr);
  const Role& role = *worker.execution_role;
  CHECK(role.id == "WorkerRole");
  CHECK(role.generated);
  CHECK(built->model->find_role("WorkerRole") == &role);
  REQUIRE(role.functions.size() == 1);
  CHECK(role.functions[0] == &worker);
  REQUIRE(role.trust_statements.size() == 1);
  const Value* service = get_path(role.trust_statements[0].principal, {"Service"});
  REQUIRE(list_items(service).size() == 1);
  CHECK(is_text(list_items(service)[0], "lambda.amazonaws.com"));
  CHECK(actions(role.trust_statements[0]) == std::vector<std::string>{"sts:AssumeRole"});
  // PermissionsBoundary as written.
  REQUIRE(role.permissions_boundary != nullptr);
  CHECK(built->line(role.permissions_boundary) == 21);
  // The role's own name is a generated one: no LL003 for !GetAtt WorkerRole.Arn.
  CHECK(built->model->problems.empty());
}

TEST_CASE("AWS managed policies: SAM's own, and Policies names resolved to ARNs with their paths")
{
  const auto built = build(k_roles);
  const Role& role = *built->function("Worker").execution_role;
  const Policy* basic = policy_named(role, "AWSLambdaBasicExecutionRole");
  REQUIRE(basic != nullptr);
  CHECK(basic->origin == PolicyOrigin::aws_managed);
  CHECK(is_text(basic->arn, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
  CHECK(built->line(basic->location.range) == 16);

  const Policy* xray = policy_named(role, "AWSXrayWriteOnlyAccess");
  REQUIRE(xray != nullptr);
  CHECK(is_text(xray->arn, "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"));
  CHECK(built->line(xray->location.range) == 4); // Tracing, in Globals

  const Policy* vpc = policy_named(role, "AWSLambdaVPCAccessExecutionRole");
  REQUIRE(vpc != nullptr);
  CHECK(is_text(vpc->arn, "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"));
  CHECK(built->line(vpc->location.range) == 22); // VpcConfig (the Policies item is a duplicate SAM drops)

  const Policy* s3 = policy_named(role, "AmazonS3ReadOnlyAccess");
  REQUIRE(s3 != nullptr);
  CHECK(s3->origin == PolicyOrigin::aws_managed);
  CHECK(is_text(s3->arn, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
  CHECK(built->line(s3->location.range) == 29);

  const Policy* sqs = policy_named(role, "AmazonSQSReadOnlyAccess");
  REQUIRE(sqs != nullptr);
  CHECK(sqs->origin == PolicyOrigin::aws_managed);
  CHECK(built->line(sqs->location.range) == 31);

  const Policy* kinesis = policy_named(role, "AWSLambdaKinesisExecutionRole");
  REQUIRE(kinesis != nullptr);
  CHECK(built->line(kinesis->location.range) == 42); // the event's Type
}

TEST_CASE("customer managed policies, inline documents and policy templates")
{
  const auto built = build(k_roles);
  const Role& role = *built->function("Worker").execution_role;
  const Policy* boundary = policy_named(role, "Boundary");
  REQUIRE(boundary != nullptr);
  CHECK(boundary->origin == PolicyOrigin::customer_managed);
  CHECK(boundary->statements.size() == 1);

  const Policy* inline_policy = policy_named(role, "WorkerRolePolicy6");
  REQUIRE(inline_policy != nullptr);
  CHECK(inline_policy->origin == PolicyOrigin::inline_policy);
  REQUIRE(inline_policy->statements.size() == 1);
  CHECK(built->line(inline_policy->statements[0].value) == 37);

  const Policy* crud = policy_named(role, "DynamoDBCrudPolicy");
  REQUIRE(crud != nullptr);
  CHECK(crud->origin == PolicyOrigin::sam_template);
  REQUIRE(crud->statements.size() == 1);
  const Statement& statement = crud->statements[0];
  CHECK(built->line(statement.value) == 33); // the user's Policies item
  const std::vector<std::string> granted = actions(statement);
  CHECK(std::find(granted.begin(), granted.end(), "dynamodb:PutItem") != granted.end());
  const auto resources = list_items(statement.resource);
  REQUIRE(resources.size() == 2);
  // arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}, tableName = !Ref Table
  REQUIRE(resources[0]->kind == ValueKind::text_template);
  const Reference* table = single_reference(resources[0]);
  REQUIRE(table != nullptr);
  CHECK(table->name == "Table");

  // A template without its parameter: SAM rejects it, so it grants nothing we can see.
  const Policy* poller = policy_named(role, "SQSPollerPolicy");
  REQUIRE(poller != nullptr);
  CHECK(poller->origin == PolicyOrigin::unknown);
  CHECK(poller->statements.empty());
}

TEST_CASE("DeadLetterQueue adds an inline sqs:SendMessage policy on its TargetArn")
{
  const auto built = build(k_roles);
  const Function& worker = built->function("Worker");
  REQUIRE(worker.dead_letter_target != nullptr);
  CHECK(built->line(worker.dead_letter_target) == 27);
  const Policy* dlq = policy_named(*worker.execution_role, "DeadLetterQueuePolicy");
  REQUIRE(dlq != nullptr);
  CHECK(dlq->origin == PolicyOrigin::sam_generated);
  REQUIRE(dlq->statements.size() == 1);
  CHECK(actions(dlq->statements[0]) == std::vector<std::string>{"sqs:SendMessage"});
  CHECK(dlq->statements[0].resource == worker.dead_letter_target);
  CHECK(built->line(dlq->location.range) == 25);
}

TEST_CASE("an explicit Role means no generated role and nothing added by events")
{
  const auto built = build(k_roles);
  const Function& with_role = built->function("WithRole");
  CHECK(built->model->find_role("WithRoleRole") == nullptr);
  CHECK(with_role.execution_role == nullptr); // a literal ARN from outside the template
  REQUIRE(with_role.role != nullptr);
  CHECK(built->line(with_role.role) == 51);
}

TEST_CASE("a state machine without Role gets <StateMachine>Role trusting states.amazonaws.com, and its Lambda tasks")
{
  const auto built = build(k_roles);
  const Role* role = built->model->find_role("MachineRole");
  REQUIRE(role != nullptr);
  REQUIRE(role->trust_statements.size() == 1);
  CHECK(is_text(list_items(get_path(role->trust_statements[0].principal, {"Service"}))[0], "states.amazonaws.com"));
  const Policy* invoke = policy_named(*role, "LambdaInvokePolicy");
  REQUIRE(invoke != nullptr);
  CHECK(invoke->origin == PolicyOrigin::sam_template);
  REQUIRE(built->model->state_machine_tasks.size() == 1);
  const StateMachineTask& task = built->model->state_machine_tasks.front();
  CHECK(task.function == &built->function("Worker"));
  CHECK(task.timeout_seconds == 5);
  CHECK(built->line(task.location.range) == 68);
}
