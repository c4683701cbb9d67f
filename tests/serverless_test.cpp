// The Serverless Framework front end (analyzer/serverless/, docs/serverless.md): serverless.yml is
// modelled as what the framework compiles, with every finding on a serverless.yml line.

#include "analyzer/driver.h"
#include "analyzer/serverless/translate.h"
#include "rules/registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace {

using namespace lint;

const std::string k_project = std::string(LINT_SOURCE_DIR) + "/fixtures/serverless/orders";
const std::string k_config = k_project + "/serverless.yml";

DriverOptions options()
{
  DriverOptions out;
  out.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1};
  return out;
}

std::vector<const Finding*> all_of(const std::vector<Finding>& findings, std::string_view rule)
{
  std::vector<const Finding*> out;
  for (const Finding& finding : findings) {
    if (finding.rule_id == rule) {
      out.push_back(&finding);
    }
  }
  return out;
}

std::uint32_t line_of(const Location& location)
{
  return location.file ? location.file->byte_position(location.range.begin).line : 0;
}

AnalyzedUnit analyze(const std::string& text, const std::string& path = "serverless.yml")
{
  return analyze_text(path, text, rules::all(), options());
}

const Statement* statement_with(const Role& role, std::string_view action)
{
  for (const Policy* policy : role.policies) {
    for (const Statement& statement : policy->statements) {
      if (is_text(statement.action, action)) {
        return &statement;
      }
      for (const Value* item : list_items(statement.action)) {
        if (is_text(item, action)) {
          return &statement;
        }
      }
    }
  }
  return nullptr;
}

} // namespace

TEST_CASE("serverless: detected by content, logical ids as the framework names them")
{
  CHECK(serverless::function_logical_id("api") == "ApiLambdaFunction");
  CHECK(serverless::function_logical_id("create-order") == "CreateDashorderLambdaFunction");
  CHECK(serverless::function_logical_id("read_all") == "ReadUnderscoreallLambdaFunction");
  const AnalyzedUnit unit = analyze_path(k_config, rules::all(), options());
  REQUIRE(unit.frontend != nullptr);
  CHECK(unit.frontend->name == "serverless");
  // Not a Serverless configuration: provider is not aws.
  const AnalyzedUnit other = analyze("service: x\nprovider:\n  name: google\n");
  CHECK(other.frontend == nullptr);
  // The packaged template beside serverless.yml is reported through serverless.yml.
  const AnalyzedUnit packaged = analyze_path(k_project + "/.serverless/cloudformation-template-update-stack.json", rules::all(), options());
  CHECK(packaged.elsewhere);
}

TEST_CASE("serverless: findings land on serverless.yml lines, inherited settings name their functions")
{
  const UnitResult result = lint_file(k_config, rules::all(), options());
  for (const Finding& finding : result.findings) {
    CAPTURE(finding.rule_id);
    CAPTURE(finding.message);
    CHECK(finding.primary.file->path() == k_config);
    CHECK(finding.rule_id != "LL003"); // references to generated resources are resolved at packaging
    CHECK(finding.rule_id != "LL004");
    CHECK_FALSE(finding.fix.has_value());
  }
  // provider.timeout (40 s through ${self:custom.apiTimeout}) is inherited by the API function.
  const auto timeouts = all_of(result.findings, "LL401");
  REQUIRE(timeouts.size() == 1);
  CHECK(line_of(timeouts[0]->primary) == 14);
  CHECK(timeouts[0]->message.find("'api'") != std::string::npos);
  const auto inherited = std::find_if(timeouts[0]->related.begin(), timeouts[0]->related.end(),
                                      [](const RelatedLocation& related) { return related.message == "inherited by function 'api'"; });
  REQUIRE(inherited != timeouts[0]->related.end());
  CHECK(line_of(inherited->location) == 33);

  // The queue declared in resources is the one the sqs event reads.
  const auto visibility = all_of(result.findings, "LL402");
  REQUIRE(visibility.size() == 1);
  CHECK(line_of(visibility[0]->primary) == 84);

  // The reader's own role gets nothing from the framework: it cannot read the stream.
  const auto missing = all_of(result.findings, "LL301");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0]->message.find("'reader'") != std::string::npos);

  const auto runtime = all_of(result.findings, "LL801");
  REQUIRE(runtime.size() == 1);
  CHECK(line_of(runtime[0]->primary) == 60);
}

TEST_CASE("serverless: the shared role, events and variables in the model")
{
  const AnalyzedUnit unit = analyze_path(k_config, rules::all(), options());
  REQUIRE(unit.model != nullptr);
  const Model& model = *unit.model;
  const Role* shared = model.find_role("IamRoleLambdaExecution");
  REQUIRE(shared != nullptr);
  CHECK(shared->functions.size() == 3); // api, worker, legacy; reader has its own role
  CHECK(statement_with(*shared, "logs:CreateLogStream") != nullptr);
  CHECK(statement_with(*shared, "logs:PutLogEvents") != nullptr);
  CHECK(statement_with(*shared, "dynamodb:PutItem") != nullptr);  // provider.iam.role.statements
  CHECK(statement_with(*shared, "sqs:ReceiveMessage") != nullptr); // the worker's sqs event
  CHECK(statement_with(*shared, "xray:PutTraceSegments") != nullptr);
  CHECK(statement_with(*shared, "kinesis:GetRecords") == nullptr); // the reader's stream: its own role

  const Function* worker = model.find_function("WorkerLambdaFunction");
  REQUIRE(worker != nullptr);
  CHECK(worker->timeout_seconds() == 60);
  CHECK(worker->names.timeout == "timeout");
  CHECK(worker->code.kind == FunctionCode::Kind::local_path);
  CHECK(worker->code.local_path == "src/worker.js");
  const Value* variables = Function::variables_of(worker->environment);
  REQUIRE(variables != nullptr);
  CHECK(is_text(variables->get("LOG_LEVEL"), "info"));              // ${env:LOG_LEVEL, 'info'}: the fallback
  REQUIRE(variables->get("PAYMENT_KEY") != nullptr);
  CHECK(variables->get("PAYMENT_KEY")->kind == ValueKind::unknown); // ${ssm:...}: known at deployment only
  CHECK(variables->get("PAYMENT_KEY")->from_globals);

  const Resource* queue = model.find_resource("JobsQueue");
  REQUIRE(queue != nullptr);
  CHECK(is_text(queue->property("QueueName"), "orders-dev-jobs")); // ${self:service}-${sls:stage}-jobs

  std::vector<TriggerKind> kinds;
  for (const Trigger& trigger : model.triggers) {
    CHECK(trigger.permission_auto_created);
    kinds.push_back(trigger.kind);
  }
  for (const TriggerKind kind : {TriggerKind::api_rest, TriggerKind::api_http, TriggerKind::sns, TriggerKind::s3, TriggerKind::events}) {
    CHECK(std::count(kinds.begin(), kinds.end(), kind) == 1);
  }
  CHECK(model.event_source_mappings.size() == 2);
  CHECK(model.find_resource("SNSTopicOrderevents") != nullptr);
  const Resource* bucket = model.find_resource("S3BucketOrdersuploadsdev");
  REQUIRE(bucket != nullptr);
  CHECK(is_text(bucket->property("BucketName"), "orders-uploads-dev"));
}

TEST_CASE("serverless: variables never guess")
{
  const std::string text = R"(service: vars
provider:
  name: aws
  runtime: python3.12
custom:
  loop: ${self:custom.loop}
  nested:
    dev: 12
functions:
  a:
    handler: a.handler
    timeout: ${self:custom.nested.${sls:stage}}
    memorySize: ${self:custom.loop}
    environment:
      ACCOUNT: ${aws:accountId}
      FROM_FILE: ${file(./missing.yml):x, 'fallback'}
)";
  const AnalyzedUnit unit = analyze(text);
  REQUIRE(unit.model != nullptr);
  const Function* a = unit.model->find_function("ALambdaFunction");
  REQUIRE(a != nullptr);
  CHECK(a->timeout_seconds() == 12);                  // sls:stage is dev when the configuration names no stage
  REQUIRE(a->memory_size != nullptr);
  CHECK(a->memory_size->kind == ValueKind::unknown);  // a variable that refers to itself
  const Value* variables = Function::variables_of(a->environment);
  REQUIRE(variables != nullptr);
  CHECK(variables->get("ACCOUNT")->kind == ValueKind::unknown);
  CHECK(is_text(variables->get("FROM_FILE"), "fallback"));
  for (const Finding& finding : unit.result.findings) {
    CAPTURE(finding.message);
    CHECK(finding.level != Level::error);
  }
}

TEST_CASE("serverless: per-function roles and provider roles")
{
  const std::string text = R"(service: roles
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::shared/*
functions:
  own:
    handler: own.handler
    iamRoleStatementsInherit: true
    iamRoleStatements:
      - Effect: Allow
        Action: sqs:SendMessage
        Resource: arn:aws:sqs:us-east-1:123456789012:out
    events:
      - sqs: arn:aws:sqs:us-east-1:123456789012:in
  shared:
    handler: shared.handler
)";
  const AnalyzedUnit unit = analyze(text);
  REQUIRE(unit.model != nullptr);
  const Role* own = unit.model->find_role("OwnIamRoleLambdaExecution");
  REQUIRE(own != nullptr);
  CHECK(statement_with(*own, "sqs:SendMessage") != nullptr);
  CHECK(statement_with(*own, "sqs:ReceiveMessage") != nullptr);
  CHECK(statement_with(*own, "s3:GetObject") != nullptr); // iamRoleStatementsInherit
  CHECK(statement_with(*own, "logs:CreateLogStream") != nullptr);
  const Role* shared = unit.model->find_role("IamRoleLambdaExecution");
  REQUIRE(shared != nullptr);
  CHECK(statement_with(*shared, "sqs:ReceiveMessage") == nullptr);
  CHECK(all_of(unit.result.findings, "LL301").empty());
}

TEST_CASE("serverless: a walk reports the configuration, not its packaged template")
{
  DriverOptions walked = options();
  walked.explicitly_named = false;
  const AnalyzedUnit packaged = analyze_path(k_project + "/.serverless/cloudformation-template-update-stack.json", rules::all(), walked);
  CHECK(packaged.elsewhere);
  CHECK(packaged.result.findings.empty());
  DriverOptions named = options();
  named.explicitly_named = true;
  const AnalyzedUnit explicit_unit = analyze_path(k_project + "/.serverless/cloudformation-template-update-stack.json", rules::all(), named);
  REQUIRE(explicit_unit.frontend != nullptr);
  CHECK(explicit_unit.frontend->name == "cloudformation");
}

TEST_CASE("serverless: a stage only the command line gives is unknown")
{
  const AnalyzedUnit unit = analyze("service: s\nprovider:\n  name: aws\n  runtime: python3.12\n  stage: ${opt:stage}\n"
                                    "custom:\n  timeouts:\n    dev: 12\nfunctions:\n  a:\n    handler: a.handler\n"
                                    "    timeout: ${self:custom.timeouts.${sls:stage}}\n");
  REQUIRE(unit.model != nullptr);
  const Function* a = unit.model->find_function("ALambdaFunction");
  REQUIRE(a != nullptr);
  REQUIRE(a->timeout != nullptr);
  CHECK(a->timeout->kind == ValueKind::unknown);
  CHECK_FALSE(a->timeout_seconds().has_value());
}

TEST_CASE("serverless: every event kind becomes a trigger or a mapping, framework-written gaps are not the user's")
{
  const std::string config = std::string(LINT_SOURCE_DIR) + "/fixtures/serverless/events/serverless.yaml";
  const AnalyzedUnit unit = analyze_path(config, rules::all(), options());
  REQUIRE(unit.model != nullptr);
  const Model& model = *unit.model;
  std::vector<TriggerKind> kinds;
  for (const Trigger& trigger : model.triggers) {
    kinds.push_back(trigger.kind);
  }
  // websocket, alb, eventBridge, cloudwatchEvent, cloudwatchLog, cognitoUserPool, iot
  CHECK(std::count(kinds.begin(), kinds.end(), TriggerKind::api_http) == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), TriggerKind::alb) == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), TriggerKind::events) == 2);
  CHECK(std::count(kinds.begin(), kinds.end(), TriggerKind::logs) == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), TriggerKind::cognito) == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), TriggerKind::iot) == 1);
  const auto websocket = std::find_if(model.triggers.begin(), model.triggers.end(), [](const Trigger& trigger) { return trigger.websocket; });
  CHECK(websocket != model.triggers.end());
  // stream (DynamoDB), msk, kafka, activemq, rabbitmq
  std::vector<SourceKind> sources;
  for (const EventSourceMapping& mapping : model.event_source_mappings) {
    sources.push_back(mapping.source_kind);
  }
  CHECK(sources.size() == 5);
  CHECK(std::count(sources.begin(), sources.end(), SourceKind::dynamodb_stream) == 1);
  CHECK(std::count(sources.begin(), sources.end(), SourceKind::kafka) == 2); // MSK and self-managed Kafka
  CHECK(std::count(sources.begin(), sources.end(), SourceKind::mq) == 2);
  const Role* shared = model.find_role("IamRoleLambdaExecution");
  REQUIRE(shared != nullptr);
  for (const std::string_view action : {"dynamodb:GetRecords", "sqs:SendMessage", "kafka:DescribeCluster", "secretsmanager:GetSecretValue",
                                        "mq:DescribeBroker"}) {
    CAPTURE(action);
    CHECK(statement_with(*shared, action) != nullptr);
  }
  CHECK(std::any_of(shared->policies.begin(), shared->policies.end(),
                    [](const Policy* policy) { return policy->name.find("AWSLambdaVPCAccessExecutionRole") != std::string::npos; }));
  // The only findings: the asynchronous events without a failure destination and the Cognito
  // trigger's 20 s timeout (the user pool waits 5 s); the websocket permission without SourceArn
  // is the framework's (MSK's network statement on '*' is what AWSLambdaVPCAccessExecutionRole
  // grants, so LL102 does not report it at all).
  std::vector<std::string> rules_found;
  for (const Finding& finding : unit.result.findings) {
    rules_found.emplace_back(finding.rule_id);
  }
  CHECK(rules_found == std::vector<std::string>{"LL802", "LL404"});
  CHECK(unit.result.suppressed == 1);
}

TEST_CASE("serverless: malformed configurations never crash or guess")
{
  const std::vector<std::string> inputs = {
    "service: a\nprovider:\n  name: aws\nfunctions: [1, 2]\n",
    "service: a\nprovider:\n  name: aws\nfunctions:\n  f: null\n  g: text\n",
    "service: a\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.h\n    events: [http, {sqs: null}, {stream: null}, {s3: null}, {sns: null},"
    " {alb: null}, {websocket: null}, {kafka: 1}, {activemq: x}, {http: null}, {schedule: {rate: []}}, {unknown: 1}, {sqs: 1, sns: 2}]\n",
    "service: ${self:}\nprovider:\n  name: aws\n  timeout: ${self:provider.timeout}\n  memorySize: ${self:custom.a}\ncustom:\n  a: ${self:custom.b}\n"
    "  b: ${self:custom.a}\nfunctions:\n  f:\n    handler: ${self:}\n    timeout: ${opt:t, ${self:custom.a}}\n    name: ${unclosed\n",
    "service: a\nprovider:\n  name: aws\n  iam:\n    role: [1]\nresources: [null, {Resources: [1]}, {Resources: {X: null, Y: {Type: AWS::SQS::Queue}}}]\n",
    "service: a\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.h\n    environment:\n      X: ${file(../../../etc/passwd):root}\n"
    "      Y: ${file(/etc/hosts)}\n      Z: ${file(./none.yml)}\n",
  };
  for (const std::string& text : inputs) {
    CAPTURE(text);
    const AnalyzedUnit unit = analyze(text);
    REQUIRE(unit.frontend != nullptr);
    CHECK(unit.frontend->name == "serverless");
    CHECK(unit.result.internal_errors.empty());
    for (const Finding& finding : unit.result.findings) {
      CAPTURE(finding.message);
      CHECK(finding.level != Level::error);
    }
  }
}

TEST_CASE("serverless: role gaps and missing invoke permissions at serverless.yml lines")
{
  const std::string config = std::string(LINT_SOURCE_DIR) + "/fixtures/serverless/gaps/serverless.yml";
  const UnitResult result = lint_file(config, rules::all(), options());
  std::vector<std::pair<std::string, std::uint32_t>> found;
  for (const Finding& finding : result.findings) {
    found.emplace_back(finding.rule_id, line_of(finding.primary));
  }
  // sync's own role (declared in resources) cannot create its network interfaces or publish to
  // its onError topic; the subscription written in resources has no permission; listener runs
  // with the provider's role (an ARN: its policies are unknown, so nothing is said about them).
  CHECK(found == std::vector<std::pair<std::string, std::uint32_t>>{{"LL302", 16}, {"LL303", 21}, {"LL802", 23}, {"LL201", 47}});
  const auto missing = all_of(result.findings, "LL201");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0]->message == "SNS subscription 'AlertsSubscription' invokes function 'listener', but no AWS::Lambda::Permission allows "
                               "sns.amazonaws.com to invoke it");
}

TEST_CASE("serverless: a serverless.yml with a syntax error is reported, other YAML is not parsed for it")
{
  DriverOptions walked = options();
  const UnitResult broken = lint_text("app/serverless.yml", "service: a\nprovider:\n  name: aws\n  runtime: [python3.12\n", rules::all(), walked);
  REQUIRE_FALSE(broken.findings.empty());
  CHECK(broken.findings.front().rule_id == "LL001");
  const UnitResult other = lint_text("chart/values.yaml", "service:\n  provider: {{ .Values.x }\n", rules::all(), walked);
  CHECK_FALSE(other.linted);
  CHECK(other.findings.empty());
}

TEST_CASE("serverless: a function's vpc replaces the provider's, destinations get their permission")
{
  const std::string text = R"(service: ov
provider:
  name: aws
  runtime: python3.12
  vpc:
    securityGroupIds: [sg-0a1b2c3d4e5f60718]
    subnetIds: [subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788]
functions:
  own:
    handler: f.handler
    vpc:
      securityGroupIds: [sg-0a1b2c3d4e5f60719]
      subnetIds: [subnet-0a1b2c3d4e5f60719]
    destinations:
      onFailure: arn:aws:sqs:us-east-1:123456789012:dlq
  inherits:
    handler: g.handler
)";
  const AnalyzedUnit unit = analyze(text);
  REQUIRE(unit.model != nullptr);
  const Function* own = unit.model->find_function("OwnLambdaFunction");
  const Function* inherits = unit.model->find_function("InheritsLambdaFunction");
  REQUIRE(own != nullptr);
  REQUIRE(inherits != nullptr);
  CHECK(list_items(own->vpc_subnet_ids).size() == 1);      // replaced, not merged
  CHECK(list_items(inherits->vpc_subnet_ids).size() == 2); // the provider's
  std::vector<std::string> found;
  for (const Finding& finding : unit.result.findings) {
    found.emplace_back(finding.rule_id);
  }
  CHECK(found == std::vector<std::string>{"LL502"}); // own's single subnet; no LL004, no LL304
  const Role* shared = unit.model->find_role("IamRoleLambdaExecution");
  REQUIRE(shared != nullptr);
  CHECK(statement_with(*shared, "sqs:SendMessage") != nullptr);
}

TEST_CASE("serverless: the framework's defaults, 6 s and 1024 MB, are written on every function")
{
  const std::string text = R"(service: defaults
provider:
  name: aws
  runtime: python3.12
functions:
  bare:
    handler: f.handler
  own:
    handler: f.handler
    timeout: 20
    memorySize: 256
)";
  const AnalyzedUnit unit = analyze(text);
  REQUIRE(unit.model != nullptr);
  const Function* bare = unit.model->find_function("BareLambdaFunction");
  const Function* own = unit.model->find_function("OwnLambdaFunction");
  REQUIRE(bare != nullptr);
  REQUIRE(own != nullptr);
  CHECK(as_number(bare->timeout) == 6);
  CHECK(as_number(bare->memory_size) == 1024);
  CHECK(line_of(bare->resource->location(bare->timeout)) == 6); // the function's key
  CHECK(as_number(own->timeout) == 20);
  CHECK(as_number(own->memory_size) == 256);

  // The provider's values are the functions' defaults; LL807 (Lambda's implicit 3 s / 128 MB) never fires.
  DriverOptions with_defaults_rule = options();
  with_defaults_rule.selection.enable.insert("LL807");
  const AnalyzedUnit provider_level = analyze_text("serverless.yml", R"(service: defaults
provider:
  name: aws
  runtime: python3.12
  timeout: 12
functions:
  bare:
    handler: f.handler
)", rules::all(), with_defaults_rule);
  REQUIRE(provider_level.model != nullptr);
  const Function* inherits = provider_level.model->find_function("BareLambdaFunction");
  REQUIRE(inherits != nullptr);
  CHECK(as_number(inherits->timeout) == 12);
  CHECK(as_number(inherits->memory_size) == 1024);
  CHECK(all_of(provider_level.result.findings, "LL807").empty());
}

TEST_CASE("serverless: an image function deploys no runtime, the others keep the provider's")
{
  const std::string text = R"(service: images
provider:
  name: aws
  runtime: python3.12
functions:
  packaged:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
    runtime: python3.12
  zipped:
    handler: f.handler
)";
  const AnalyzedUnit unit = analyze(text);
  REQUIRE(unit.model != nullptr);
  const Function* packaged = unit.model->find_function("PackagedLambdaFunction");
  const Function* zipped = unit.model->find_function("ZippedLambdaFunction");
  REQUIRE(packaged != nullptr);
  REQUIRE(zipped != nullptr);
  CHECK(packaged->runtime == nullptr);
  CHECK(is_text(packaged->package_type, "Image"));
  CHECK(is_text(zipped->runtime, "python3.12"));
  CHECK(all_of(unit.result.findings, "LL008").empty());
}

TEST_CASE("serverless: a function URL's cors, advanced logging and SnapStart reach the model")
{
  const std::string text = R"(service: urls
provider:
  name: aws
  runtime: java21
functions:
  open:
    handler: f.handler
    snapStart: true
    logs:
      logFormat: Text
      applicationLogLevel: DEBUG
    url:
      authorizer: aws_iam
      cors:
        allowedOrigins:
          - "*"
        allowCredentials: true
  defaults:
    handler: f.handler
    url:
      cors: true
)";
  DriverOptions enabled = options();
  enabled.selection.enable = {"LL208", "LL810"};
  const AnalyzedUnit unit = analyze_text("serverless.yml", text, rules::all(), enabled);
  REQUIRE(unit.model != nullptr);
  const Function* open = unit.model->find_function("OpenLambdaFunction");
  REQUIRE(open != nullptr);
  CHECK(is_text(open->snap_start, "PublishedVersions"));
  CHECK(is_text(open->log_format, "Text"));
  CHECK(is_text(open->application_log_level, "DEBUG"));
  REQUIRE(unit.model->function_urls.size() == 2);
  for (const FunctionUrl& url : unit.model->function_urls) {
    REQUIRE(url.function != nullptr);
    const auto origins = list_items(url.allow_origins());
    REQUIRE(origins.size() == 1);
    CHECK(is_text(origins.front(), "*"));
    if (url.function == open) {
      CHECK(is_text(url.auth_type, "AWS_IAM"));
      CHECK(url.allow_credentials() != nullptr);
    } else {
      CHECK(url.allow_credentials() == nullptr); // `cors: true` does not allow credentials
    }
  }
  // Every origin with credentials (open's cors), every origin with every method (`cors: true`).
  const auto cors = all_of(unit.result.findings, "LL208");
  REQUIRE(cors.size() == 2);
  CHECK(line_of(cors[0]->primary) >= 13);
  CHECK(line_of(cors[0]->primary) <= 16);
  CHECK(cors[0]->resource == "OpenLambdaFunctionUrl");
  CHECK(line_of(cors[1]->primary) == 21);
  CHECK(cors[1]->resource == "DefaultsLambdaFunctionUrl");
  const auto logging = all_of(unit.result.findings, "LL810");
  REQUIRE(logging.size() == 1);
  CHECK(line_of(logging.front()->primary) >= 9);
  CHECK(line_of(logging.front()->primary) <= 11);
}

TEST_CASE("serverless: an async http event is an asynchronous REST integration")
{
  const std::string text = R"(service: api
provider:
  name: aws
  runtime: python3.12
functions:
  waited:
    handler: f.handler
    timeout: 60
    events:
      - http: GET /orders
  queued:
    handler: f.handler
    timeout: 60
    events:
      - http:
          path: /orders/{id}
          method: post
          async: true
)";
  const AnalyzedUnit unit = analyze(text);
  REQUIRE(unit.model != nullptr);
  const Function* queued = unit.model->find_function("QueuedLambdaFunction");
  const Function* waited = unit.model->find_function("WaitedLambdaFunction");
  REQUIRE(queued != nullptr);
  REQUIRE(waited != nullptr);
  CHECK(unit.model->find_resource("ApiGatewayMethodOrdersIdVarPost") != nullptr);
  CHECK(unit.model->find_resource("QueuedLambdaPermissionApiGateway") != nullptr);
  int async_triggers = 0;
  for (const Trigger& trigger : unit.model->triggers) {
    if (trigger.function == queued) {
      CHECK(trigger.kind == TriggerKind::api_rest);
      CHECK(trigger.event_invocation_requested);
      ++async_triggers;
    }
  }
  CHECK(async_triggers == 1);
  // API Gateway waits 29 s for the synchronous one only; both have their permission.
  const auto timeouts = all_of(unit.result.findings, "LL401");
  REQUIRE(timeouts.size() == 1);
  CHECK(timeouts.front()->resource == "WaitedLambdaFunction");
  CHECK(all_of(unit.result.findings, "LL201").empty());
}

TEST_CASE("serverless: findings written in a function are the function's, not its log group's, and typed destinations are checked")
{
  const std::string text = R"(service: own
provider:
  name: aws
  runtime: python3.12
functions:
  worker:
    handler: f.handler
    role: WorkerRole
    destinations:
      onFailure:
        type: sqs
        arn: !GetAtt Failures.Arn
resources:
  Resources:
    Failures:
      Type: AWS::SQS::Queue
    WorkerRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal:
                Service: lambda.amazonaws.com
              Action: sts:AssumeRole
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
)";
  DriverOptions enabled = options();
  enabled.selection.enable = {"LL304", "LL701", "LL804"};
  const AnalyzedUnit unit = analyze_text("serverless.yml", text, rules::all(), enabled);
  REQUIRE(unit.model != nullptr);
  // The function's own role cannot send to the queue its typed destination names (LL304).
  const auto missing = all_of(unit.result.findings, "LL304");
  REQUIRE(missing.size() == 1);
  CHECK(line_of(missing.front()->primary) >= 9);
  CHECK(line_of(missing.front()->primary) <= 12);
  // Findings at the function's key (LL701, LL804) belong to the function.
  for (const std::string_view rule : {"LL701", "LL804"}) {
    const auto found = all_of(unit.result.findings, rule);
    REQUIRE(found.size() == 1);
    CHECK(found.front()->resource == "WorkerLambdaFunction");
    CHECK(line_of(found.front()->primary) == 6);
  }
}
