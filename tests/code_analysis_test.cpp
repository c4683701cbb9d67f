// Code analysis (analyzer/code): SDK models, the call -> IAM action mapping over every reviewed
// exception, the Python and JavaScript readers, and where a function's code is found.

#include "analyzer/code/analysis.h"
#include "analyzer/code/calls.h"
#include "analyzer/code/code_reader.h"
#include "analyzer/code/iam_mapping.h"
#include "analyzer/code/sdk_models.h"
#include "analyzer/driver.h"
#include "analyzer/iam/actions.h"
#include "rules/registry.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>

namespace {

using namespace lint;
using namespace lint::code;

const SdkService& service(std::string_view key)
{
  const SdkService* found = service_for_v2_id(key);
  REQUIRE(found != nullptr);
  return *found;
}

std::string calls_of(const CodeScan& scan)
{
  std::string out;
  for (const SdkCall& call : scan.calls) {
    const LineColumn at = call.location.file->byte_position(call.location.range.begin);
    out += fmt::format("{}:{} {}.{}", at.line, at.column, call.service->key, call.operation);
    for (const auto& [name, value] : call.parameters) {
      out += fmt::format(" {}={}{}", name, value.kind == CodeValue::Kind::env ? "$" : "", value.text);
    }
    out += "\n";
  }
  for (const UnresolvedCall& call : scan.unresolved) {
    out += fmt::format("{} unresolved: {}\n", call.location.file->byte_position(call.location.range.begin).line, call.reason);
  }
  return out;
}

CodeScan scan(std::string path, std::string text)
{
  CodeScan out;
  auto file = std::make_shared<const SourceFile>(path, std::move(text));
  if (path.ends_with(".py")) {
    scan_python_text(file, out);
  } else {
    scan_javascript_text(file, out);
  }
  return out;
}

} // namespace

TEST_CASE("the SDK models name every service the way each SDK does")
{
  CHECK(sdk_services().size() > 300);
  CHECK(service_for_boto3("dynamodb")->key == "dynamodb");
  CHECK(service_for_boto3("stepfunctions")->signing_name == "states");
  CHECK(service_for_boto3("bedrock-runtime")->key == "bedrockruntime");
  CHECK(service_for_boto3("logs")->key == "cloudwatchlogs");
  CHECK(service_for_boto3("events")->key == "eventbridge");
  CHECK(service_for_boto3("sesv2")->key == "sesv2");
  CHECK(service_for_boto3("cognito-idp") != nullptr);
  CHECK(service_for_boto3("no-such-service") == nullptr);
  CHECK(service_for_v3_package("@aws-sdk/client-secrets-manager")->key == "secretsmanager");
  CHECK(service_for_v3_package("@aws-sdk/client-sfn")->key == "stepfunctions");
  CHECK(service_for_v3_package("@aws-sdk/client-cloudwatch-logs")->key == "cloudwatchlogs");
  CHECK(service_for_v3_package("@aws-sdk/lib-dynamodb") == nullptr);
  CHECK(service_for_v2_class("DynamoDB")->key == "dynamodb");
  CHECK(find_operation(service("dynamodb"), "put_item") == "PutItem");
  CHECK(find_operation(service("s3"), "list_objects_v2") == "ListObjectsV2");
  CHECK(find_operation(service("s3"), "getObject") == "GetObject");
  CHECK_FALSE(find_operation(service("s3"), "put_itm"));
  CHECK(waiter_operation(service("dynamodb"), "table_exists") == "DescribeTable");
  CHECK(waiter_operation(service("s3"), "objectExists") == "HeadObject");
}

TEST_CASE("every reviewed exception names a real operation and real IAM actions")
{
  for (const ActionException& row : action_exceptions()) {
    INFO(row.service_key, " ", row.operation);
    const SdkService* found = service_for_v2_id(row.service_key);
    REQUIRE(found != nullptr);
    CHECK(find_operation(*found, row.operation) == row.operation);
    CHECK(row.documentation.starts_with("https://docs.aws.amazon.com/"));
    const ActionMapping mapping = iam_actions_for(*found, row.operation);
    CHECK(mapping.source == row.documentation);
    if (row.actions.empty()) {
      CHECK(mapping.status == ActionMapping::Status::no_permission);
      continue;
    }
    CHECK(mapping.status == ActionMapping::Status::mapped);
    CHECK_FALSE(mapping.actions.empty());
    for (const std::string& action : mapping.actions) {
      CHECK_MESSAGE(iam::find_action(action).has_value(), action);
    }
    // A row exists because the operation's own name is not (only) what it needs.
    CHECK(mapping.actions != std::vector<std::string>{fmt::format("{}:{}", found->signing_name, row.operation)});
  }
}

TEST_CASE("operations map to their IAM actions from the models and the reviewed table")
{
  auto actions = [](std::string_view key, std::string_view operation) {
    const ActionMapping mapping = iam_actions_for(service(key), operation);
    return fmt::format("{}", fmt::join(mapping.actions, ","));
  };
  CHECK(actions("dynamodb", "PutItem") == "dynamodb:PutItem");
  CHECK(iam_actions_for(service("dynamodb"), "PutItem").source == "model");
  CHECK(actions("stepfunctions", "StartExecution") == "states:StartExecution");
  CHECK(actions("s3", "ListObjectsV2") == "s3:ListBucket");
  CHECK(actions("s3", "HeadObject") == "s3:GetObject");
  CHECK(actions("sqs", "SendMessageBatch") == "sqs:SendMessage");
  CHECK(actions("bedrockruntime", "Converse") == "bedrock:InvokeModel");
  CHECK(actions("bedrockruntime", "InvokeModel") == "bedrock:InvokeModel");
  CHECK(actions("dynamodb", "TransactWriteItems") == "dynamodb:PutItem,dynamodb:UpdateItem,dynamodb:DeleteItem,dynamodb:ConditionCheckItem");
  CHECK(actions("lambda", "Invoke") == "lambda:InvokeFunction");
  CHECK(iam_actions_for(service("sts"), "GetCallerIdentity").status == ActionMapping::Status::no_permission);
}

TEST_CASE("the Python reader resolves boto3 clients, resources, paginators, waiters and environment bindings")
{
  const CodeScan found = scan("app.py", R"py(import os
import boto3 as aws
from boto3 import client

TABLE = os.environ["TABLE_NAME"]
ddb = aws.client("dynamodb")
table = aws.resource("dynamodb").Table(os.getenv("ORDERS"))
s3 = client("s3")
name = f"{TABLE}-x"

def handler(event, context):
    ddb.put_item(TableName=TABLE, Item={})
    table.query(KeyConditionExpression="x")
    s3.upload_file("/tmp/f", os.environ.get("BUCKET"), "key")
    ddb.get_waiter("table_exists").wait(TableName=name)
    for page in ddb.get_paginator("scan").paginate(TableName="literal"):
        pass
    aws.client(event["svc"]).do_thing()
    ddb.no_such_operation()
    s3.generate_presigned_url("get_object")
)py");
  CHECK(calls_of(found) == "12:9 dynamodb.PutItem TableName=$TABLE_NAME\n"
                           "13:11 dynamodb.Query KeyConditionExpression=x TableName=$ORDERS\n"
                           "14:8 s3.PutObject Bucket=$BUCKET\n"
                           "15:36 dynamodb.DescribeTable\n"
                           "16:43 dynamodb.Scan TableName=literal\n"
                           "20:8 s3.GetObject\n"
                           "18 unresolved: 'do_thing' on a client whose service is not known (the service name is not a literal)\n"
                           "19 unresolved: DynamoDB has no operation 'no_such_operation'\n");
}

TEST_CASE("the JavaScript reader resolves SDK v3 commands, document commands, paginators and SDK v2 clients")
{
  const CodeScan found = scan("index.mjs", R"js(import { SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";
import * as lib from "@aws-sdk/lib-dynamodb";
import { DynamoDBClient, paginateQuery } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand } from "@aws-sdk/client-s3";
const AWS = require("aws-sdk");
const sqs = new SQSClient({});
const doc = lib.DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new AWS.S3();
const legacy = new AWS.DynamoDB.DocumentClient();
export const handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: "x" }));
  await doc.send(new lib.UpdateCommand({ TableName: "orders" }));
  for await (const page of paginateQuery({ client: doc }, { TableName: process.env["TABLE"] })) {}
  await s3.getObject({ Bucket: event.bucket, Key: "k" }).promise();
  await legacy.transactWrite({ TransactItems: [] }).promise();
  await s3.noSuchThing({});
  await sqs.send(event.command);
  await getSignedUrl(s3v3, new GetObjectCommand({ Bucket: "b", Key: "k" }));
  s3.getSignedUrl("putObject", { Bucket: "b" });
};
)js");
  CHECK(calls_of(found) == "11:22 sqs.SendMessage QueueUrl=$QUEUE_URL MessageBody=x\n"
                           "12:22 dynamodb.UpdateItem TableName=orders\n"
                           "13:28 dynamodb.Query TableName=$TABLE\n"
                           "14:12 s3.GetObject Key=k\n"
                           "15:16 dynamodb.TransactWriteItems\n"
                           "18:32 s3.GetObject Bucket=b Key=k\n"
                           "19:6 s3.PutObject Bucket=b\n"
                           "16 unresolved: S3 has no operation 'noSuchThing'\n"
                           "17 unresolved: send() of a command that is not known\n");
}

TEST_CASE("calls made with credentials of their own are not the execution role's, and libraries that call AWS are noted")
{
  const CodeScan python = scan("app.py", R"py(import boto3
import awswrangler as wr
from aws_lambda_powertools.utilities import parameters
from botocore.exceptions import ClientError
s3 = boto3.client("s3", aws_access_key_id="AKIA", aws_secret_access_key="x")
mine = boto3.client("s3")
s3.get_object(Bucket="b", Key="k")
mine.get_object(Bucket="b", Key="k")
)py");
  REQUIRE(python.calls.size() == 2);
  CHECK(python.calls[0].own_credentials);
  CHECK_FALSE(python.calls[1].own_credentials);
  CHECK(python.opaque_libraries == std::vector<std::string>{"awswrangler", "aws_lambda_powertools"});
  const CodeScan javascript = scan("index.js", R"js(const { S3Client, GetObjectCommand } = require("@aws-sdk/client-s3");
const { Upload } = require("@aws-sdk/lib-storage");
const other = new S3Client({ credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const mine = new S3Client({});
other.send(new GetObjectCommand({ Bucket: "b", Key: "k" }));
mine.send(new GetObjectCommand({ Bucket: "b", Key: "k" }));
)js");
  REQUIRE(javascript.calls.size() == 2);
  CHECK(javascript.calls[0].own_credentials);
  CHECK_FALSE(javascript.calls[1].own_credentials);
  CHECK(javascript.opaque_libraries == std::vector<std::string>{"@aws-sdk/lib-storage"});
  CHECK(may_call_aws("pyqldb"));
  CHECK_FALSE(may_call_aws("boto3"));
  CHECK_FALSE(may_call_aws("requests"));
}

TEST_CASE("the TypeScript reader reads aggregated v3 clients through type annotations")
{
  const CodeScan found = scan("app.ts", R"ts(import { SFN } from "@aws-sdk/client-sfn";
const sfn: SFN = new SFN({});
const arn = process.env.MACHINE as string;
export async function handler(): Promise<void> {
  await sfn.startExecution({ stateMachineArn: arn! });
}
)ts");
  CHECK(calls_of(found) == "5:13 stepfunctions.StartExecution stateMachineArn=$MACHINE\n");
}

TEST_CASE("a function's code is found from CodeUri and Handler, and code not on disk is not analysed")
{
  const std::filesystem::path project = std::filesystem::path(LINT_SOURCE_DIR) / "fixtures/rules/permissions/code_call_not_allowed/good_sam_python";
  const AnalyzedUnit unit = analyze_path((project / "template.yaml").string(), std::span<const Rule* const>(), DriverOptions{});
  REQUIRE(unit.model != nullptr);
  std::map<std::string, FunctionAnalysis> analyses;
  for (const Function& function : unit.model->functions) {
    analyses.emplace(function.resource->id, analyse_function(*unit.model, function));
  }
  const FunctionAnalysis& orders = analyses.at("OrdersFunction");
  REQUIRE(orders.status == FunctionAnalysis::Status::analysed);
  REQUIRE(orders.scan.files.size() == 2);
  CHECK(std::filesystem::path(orders.scan.files[0]->path()).filename() == "app.py");
  CHECK(std::filesystem::path(orders.scan.files[1]->path()).filename() == "helpers.py");
  CHECK_FALSE(orders.complete()); // the dynamic client
  // Calls in the order they were read: the imported module's during the handler's imports.
  REQUIRE(orders.needs.size() == 3);
  CHECK(orders.needs[0].mapping.actions == std::vector<std::string>{"events:PutEvents"});
  CHECK(orders.needs[0].resource_label == "any resource");
  CHECK(orders.needs[0].policy_resource_json == "\"*\"");
  CHECK(orders.needs[1].mapping.actions == std::vector<std::string>{"dynamodb:GetItem"});
  CHECK(orders.needs[1].resource_label == "table 'Orders'");
  CHECK(orders.needs[1].env_name == "TABLE_NAME");
  CHECK(orders.needs[1].policy_resource_json == R"({"Fn::GetAtt": ["Orders", "Arn"]})");
  CHECK(orders.needs[2].mapping.actions == std::vector<std::string>{"dynamodb:PutItem"});
  CHECK(analyses.at("ImageFunction").reason == "the code is a container image");
  CHECK(analyses.at("S3Function").reason == "the code is an S3 object");
}

TEST_CASE("inline ZipFile code is read and its calls point into the template")
{
  const std::string text = R"yaml(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code:
        ZipFile: |
          import boto3
          def handler(event, context):
              boto3.client("sqs").send_message(QueueUrl=event["q"], MessageBody="x")
)yaml";
  const AnalyzedUnit unit = analyze_text("inline.yaml", text, std::span<const Rule* const>(), DriverOptions{});
  REQUIRE(unit.model != nullptr);
  REQUIRE(unit.model->functions.size() == 1);
  const FunctionAnalysis analysis = analyse_function(*unit.model, unit.model->functions.front());
  REQUIRE(analysis.status == FunctionAnalysis::Status::analysed);
  REQUIRE(analysis.scan.calls.size() == 1);
  const Location& at = analysis.scan.calls[0].location;
  CHECK(at.file->path() == "inline.yaml");
  const LineColumn position = at.file->byte_position(at.range.begin);
  CHECK(position.line == 21);
  CHECK(position.column == 35);
  CHECK(at.file->text().substr(at.range.begin, at.range.end - at.range.begin) == "send_message");
}

TEST_CASE("code analysis: an overlay's buffers are read instead of the disk, and every file read is recorded")
{
  const std::filesystem::path project =
    std::filesystem::path(LINT_SOURCE_DIR) / "fixtures/rules/permissions/code_call_not_allowed/bad_sam_python";
  const AnalyzedUnit unit = analyze_path((project / "template.yaml").string(), std::span<const Rule* const>(), DriverOptions{});
  REQUIRE(unit.model != nullptr);
  const Function* function = nullptr;
  for (const Function& candidate : unit.model->functions) {
    function = &candidate;
  }
  REQUIRE(function != nullptr);
  const auto operations = [](const FunctionAnalysis& analysis) {
    std::set<std::string> out;
    for (const SdkCall& call : analysis.scan.calls) {
      out.insert(call.operation);
    }
    return out;
  };
  // Without an overlay (check): the disk's app.py and helpers.py.
  const std::set<std::string> on_disk{"GetItem", "PutItem", "DeleteItem", "SendMessage", "Query", "PutEvents"};
  CHECK(operations(analyse_function(*unit.model, *function)) == on_disk);

  // With one: the buffer of app.py (a path spelt with "./" still names it), the disk for helpers.py.
  const std::string buffer = "import boto3\nfrom helpers import publish_event\n\ndef lambda_handler(event, context):\n"
                             "    boto3.client(\"s3\").delete_object(Bucket=\"b\", Key=\"k\")\n";
  const std::map<std::string, std::string, std::less<>> buffers{{(project / "src/./app.py").string(), buffer}};
  CodeOverlay overlay(buffers);
  FunctionAnalysis from_buffer;
  {
    const ScopedCodeOverlay scope(&overlay);
    from_buffer = analyse_function(*unit.model, *function);
  }
  CHECK(operations(from_buffer) == std::set<std::string>{"DeleteObject", "PutEvents"});
  for (const SdkCall& call : from_buffer.scan.calls) {
    if (call.operation == "DeleteObject") {
      CHECK(call.location.file->text() == buffer);
      CHECK(call.location.file->byte_position(call.location.range.begin).line == 5); // 1-based, in the buffer
    }
  }
  CHECK(overlay.files_read() == std::vector<std::string>{(project / "src/app.py").string(), (project / "src/helpers.py").string()});
  // The scope ended: the disk again.
  CHECK(current_code_overlay() == nullptr);
  CHECK(operations(analyse_function(*unit.model, *function)) == on_disk);
}
