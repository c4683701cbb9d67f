// AWS CLI exports → Model (analyzer/audit/): detection by content, documents inside strings with
// positions mapped back into the export, and the account join (functions ↔ roles ↔ policies,
// permissions, mappings).

#include "analyzer/audit/embedded.h"
#include "analyzer/audit/snapshot.h"
#include "analyzer/driver.h"
#include "rules/registry.h"
#include "tests/test_files.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace lint;

namespace {

using lint::test::read_file;

std::shared_ptr<const ParsedDocument> parse(std::string path, std::string text)
{
  auto file = std::make_shared<const SourceFile>(std::move(path), std::move(text));
  return std::make_shared<const ParsedDocument>(parse_document(file));
}

std::string text_at(const SourceFile& file, SourceRange range)
{
  return std::string(file.text().substr(range.begin, range.end - range.begin));
}

} // namespace

TEST_CASE("audit: exports are detected by their keys")
{
  auto kind = [](std::string text) { return audit::detect_export(parse("x.json", std::move(text))->root); };
  CHECK(kind(R"({"TemplateBody": "Resources: {}", "StagesAvailable": ["Original"]})") == audit::ExportKind::get_template);
  CHECK(kind(R"({"RoleDetailList": [], "Policies": []})") == audit::ExportKind::authorization_details);
  CHECK(kind(R"({"Functions": []})") == audit::ExportKind::function_list);
  CHECK(kind(R"({"Configuration": {"FunctionName": "f", "FunctionArn": "arn"}, "Code": {}})") == audit::ExportKind::function);
  CHECK(kind(R"({"FunctionName": "f", "FunctionArn": "arn", "Runtime": "python3.12"})") == audit::ExportKind::function_configuration);
  CHECK(kind(R"({"ReservedConcurrentExecutions": 5})") == audit::ExportKind::function_concurrency);
  CHECK(kind(R"({"Policy": "{}", "RevisionId": "r"})") == audit::ExportKind::function_policy);
  CHECK(kind(R"({"EventSourceMappings": []})") == audit::ExportKind::event_source_mappings);
  CHECK(kind(R"({"UUID": "u", "EventSourceArn": "arn"})") == audit::ExportKind::event_source_mapping);
  CHECK(kind(R"({"FunctionUrlConfigs": []})") == audit::ExportKind::function_url_configs);
  CHECK(kind(R"({"FunctionUrl": "https://x", "FunctionArn": "arn", "AuthType": "NONE"})") == audit::ExportKind::function_url_config);
  CHECK(kind(R"({"Resources": {}})") == audit::ExportKind::none);
  CHECK(kind(R"({"Policy": {"a": 1}})") == audit::ExportKind::none);
}

TEST_CASE("audit: a document inside a JSON string keeps exact positions in the outer file")
{
  // The escaped quote and \n each stand for one character; ranges point at the escape sequence.
  const std::string text = "{\"Policy\": \"{\\\"Statement\\\":\\n [{\\\"Sid\\\": \\\"caf\\u00e9\\\"}]}\", \"RevisionId\": \"r\"}";
  const auto outer = parse("policy.json", text);
  REQUIRE(outer->root != nullptr);
  const Node* string_node = outer->root->get("Policy");
  REQUIRE(string_node != nullptr);
  const auto inner = audit::parse_embedded(outer->file, *string_node, audit::StringEncoding::plain);
  REQUIRE(inner.has_value());
  REQUIRE(inner->root != nullptr);
  CHECK(inner->file == outer->file);
  const Node* statement = inner->root->get("Statement")->items.at(0);
  const MappingEntry* sid = statement->find_entry("Sid");
  REQUIRE(sid != nullptr);
  CHECK(sid->value->scalar == "caf\xc3\xa9");
  CHECK(text_at(*outer->file, sid->key_range) == "\\\"Sid\\\"");
  CHECK(text_at(*outer->file, sid->value->range) == "\\\"caf\\u00e9\\\"");
}

TEST_CASE("audit: URL-encoded IAM documents are decoded with positions in the export")
{
  const std::string text = R"({"Doc": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%7D%5D%7D"})";
  const auto outer = parse("iam.json", text);
  const Node* string_node = outer->root->get("Doc");
  REQUIRE(audit::looks_url_encoded(string_node->scalar));
  const auto inner = audit::parse_embedded(outer->file, *string_node, audit::StringEncoding::url_encoded);
  REQUIRE(inner.has_value());
  REQUIRE(inner->root != nullptr);
  const MappingEntry* effect = inner->root->get("Statement")->items.at(0)->find_entry("Effect");
  REQUIRE(effect != nullptr);
  CHECK(effect->value->scalar == "Allow");
  CHECK(text_at(*outer->file, effect->value->range) == "%22Allow%22");
}

TEST_CASE("audit: a YAML TemplateBody string maps line by line into the export")
{
  const std::string path = std::string(LINT_SOURCE_DIR) + "/fixtures/audit/stacks/get-template-yaml-string.json";
  const auto outer = parse(path, read_file(path));
  const auto body = audit::template_body(*outer);
  REQUIRE(body.has_value());
  REQUIRE(body->root != nullptr);
  const Node* timeout = body->root->get("Resources")->get("Handler")->get("Properties")->get("Timeout");
  REQUIRE(timeout != nullptr);
  CHECK(timeout->scalar == "1000");
  CHECK(text_at(*outer->file, timeout->range) == "1000");
}

TEST_CASE("audit: the fixture snapshot joins functions, roles, policies, permissions and mappings")
{
  const std::string directory = std::string(LINT_SOURCE_DIR) + "/fixtures/audit/snapshot/";
  audit::SnapshotBuilder builder;
  for (const char* name : {"authorization-details.json", "event-source-mappings.json", "function-urls.json", "get-function-stream-reader.json",
                           "list-functions.json", "orders-worker.concurrency.json", "public-api.policy.json"}) {
    const auto document = parse(directory + name, read_file(directory + name));
    const audit::ExportKind kind = audit::detect_export(document->root);
    REQUIRE_MESSAGE(kind != audit::ExportKind::none, name);
    builder.add(document, kind);
  }
  const std::unique_ptr<Model> model = builder.build();
  REQUIRE(model->functions.size() == 3);
  REQUIRE(model->roles.size() == 4);
  const Function* orders = model->find_function("orders-worker");
  REQUIRE(orders != nullptr);
  REQUIRE(orders->execution_role != nullptr);
  CHECK(orders->execution_role->id == "orders-worker-role"); // ARN with the /service-role/ path
  CHECK(as_integer(orders->reserved_concurrency) == 0);        // from orders-worker.concurrency.json
  // The customer managed policy's default version (v2), not v1 which grants everything.
  std::vector<std::string> policies;
  for (const Policy* policy : orders->execution_role->policies) {
    policies.push_back(std::string(to_string(policy->origin)) + ":" + policy->name);
  }
  CHECK(policies == std::vector<std::string>{"inline:orders-table", "customer-managed:logs-writer"});
  const Policy* logs_writer = orders->execution_role->policies[1];
  REQUIRE(logs_writer->statements.size() == 1);
  CHECK(text_at(*logs_writer->statements[0].value->file, get_path(logs_writer->statements[0].value, {"Action"})->items[0]->range) ==
        "\"logs:CreateLogGroup\"");

  const Function* stream = model->find_function("stream-reader");
  REQUIRE(stream != nullptr);
  CHECK(as_integer(stream->reserved_concurrency) == 20); // get-function's Concurrency
  REQUIRE(stream->execution_role != nullptr);
  CHECK(stream->execution_role->trust_statements.size() == 1); // URL-encoded trust policy
  CHECK(stream->execution_role->policies.size() == 2);
  const Function* api = model->find_function("public-api");
  REQUIRE(api != nullptr);
  CHECK(api->vpc_subnet_ids != nullptr);
  CHECK(orders->vpc_config == nullptr); // the empty VpcConfig the API prints is no VPC
  CHECK(orders->reserved_concurrency != nullptr);
  REQUIRE(model->permissions.size() == 3);
  for (const Permission& permission : model->permissions) {
    CHECK(permission.function == api);
  }
  CHECK(is_text(model->permissions[0].principal, "*"));
  CHECK(is_text(model->permissions[1].principal, "s3.amazonaws.com"));
  CHECK(is_text(model->permissions[1].source_arn, "arn:aws:s3:::uploads-bucket"));
  REQUIRE(model->function_urls.size() == 1);
  CHECK(model->function_urls[0].function == api);
  REQUIRE(model->event_source_mappings.size() == 1);
  CHECK(model->event_source_mappings[0].function == stream);
  CHECK(model->event_source_mappings[0].source_kind == SourceKind::kinesis);
}

TEST_CASE("audit: hostile exports never throw")
{
  for (const char* text : {R"({"Policy": "{not json", "RevisionId": "r"})", R"({"TemplateBody": "\\u12", "StagesAvailable": []})",
                           R"({"TemplateBody": "Resources: [", "StagesAvailable": []})", R"({"RoleDetailList": [1, "x", {"RoleName": 3}]})",
                           R"({"Functions": [{"FunctionName": "f", "FunctionArn": "a", "VpcConfig": 7}]})",
                           R"({"RoleDetailList": [{"RoleName": "r", "AssumeRolePolicyDocument": "%7B%ZZ"}]})"}) {
    CHECK_NOTHROW(lint_text("hostile.json", text, rules::all(), DriverOptions{}));
  }
}
