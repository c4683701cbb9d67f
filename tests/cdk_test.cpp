// AWS CDK cloud assemblies (analyzer/cdk/, docs/cdk.md): every stack template of cdk.out is a unit;
// findings name construct paths and, with creation traces, land on the app's own TypeScript line;
// CDK's grant statements are not reported as the author's; function assets are resolved.

#include "analyzer/cdk/assembly.h"
#include "analyzer/driver.h"
#include "analyzer/source_map.h"
#include "report/report.h"
#include "rules/registry.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace lint;

const std::string k_app = std::string(LINT_SOURCE_DIR) + "/fixtures/cdk/orders";
const std::string k_orders = k_app + "/cdk.out/OrdersStack.template.json";
const std::string k_nested = k_app + "/cdk.out/OrdersStackDataNestedStackDataNestedStackResource5B7E2A91.nested.template.json";
const std::string k_stage = k_app + "/cdk.out/assembly-Prod/ProdAuditC4E1B7A2.template.json";

DriverOptions options(bool include_suppressed = false)
{
  DriverOptions out;
  out.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 6 / 1};
  out.include_suppressed = include_suppressed;
  return out;
}

const Finding* find(const std::vector<Finding>& findings, std::string_view rule)
{
  const auto found = std::find_if(findings.begin(), findings.end(), [&](const Finding& finding) { return finding.rule_id == rule; });
  return found != findings.end() ? &*found : nullptr;
}

std::string file_name(const Location& location)
{
  return location.file ? std::filesystem::path(location.file->path()).filename().string() : std::string();
}

std::uint32_t line_of(const Location& location)
{
  return location.file ? location.file->byte_position(location.range.begin).line : 0;
}

} // namespace

TEST_CASE("cdk: a stack template of a cloud assembly is claimed by the cdk front end")
{
  CHECK(cdk::is_assembly_template(k_orders));
  CHECK(cdk::is_assembly_template(k_nested));
  CHECK(cdk::is_assembly_template(k_stage));
  CHECK_FALSE(cdk::is_assembly_template(k_app + "/cdk.out/manifest.json"));
  CHECK_FALSE(cdk::is_assembly_template(std::string(LINT_SOURCE_DIR) + "/fixtures/serverless/orders/.serverless/cloudformation-template-update-stack.json"));
  const AnalyzedUnit unit = analyze_path(k_orders, rules::all(), options());
  REQUIRE(unit.frontend != nullptr);
  CHECK(unit.frontend->name == "cdk-assembly");
}

TEST_CASE("cdk: construct names and creation frames")
{
  CHECK(cdk::construct_name("OrdersStack/Handler/Resource") == "OrdersStack/Handler");
  CHECK(cdk::construct_name("OrdersStack/CDKMetadata/Default") == "OrdersStack/CDKMetadata");
  CHECK(cdk::construct_name("OrdersStack/Handler/ServiceRole/DefaultPolicy/Resource") == "OrdersStack/Handler/ServiceRole/DefaultPolicy");

  const auto frame = cdk::user_frame({"new CfnResource (/w/app/node_modules/aws-cdk-lib/core/lib/cfn-resource.js:1:1484)",
                                      "Module._compile (node:internal/modules/cjs/loader:1376:14)",
                                      "new OrdersStack (/w/app/lib/orders-stack.ts:20:21)", "Object.<anonymous> (/w/app/bin/orders.ts:8:1)"});
  REQUIRE(frame);
  CHECK(frame->path == "/w/app/lib/orders-stack.ts");
  CHECK(frame->line == 20);
  CHECK(frame->column == 21);

  const auto python = cdk::user_frame({"File \"/w/app/.venv/lib/python3.12/site-packages/jsii/_kernel/__init__.py\", line 147, in create",
                                       "File \"/w/app/orders/orders_stack.py\", line 31, in __init__"});
  REQUIRE(python);
  CHECK(python->path == "/w/app/orders/orders_stack.py");
  CHECK(python->line == 31);

  CHECK_FALSE(cdk::user_frame({"new Function (/w/app/node_modules/aws-cdk-lib/aws-lambda/lib/function.js:1:9385)", "garbage"}));
  CHECK_FALSE(cdk::user_frame({}));
}

TEST_CASE("cdk: a finding moves to the app's TypeScript line and names the construct")
{
  const UnitResult result = lint_file(k_orders, rules::all(), options());
  const Finding* visibility = find(result.findings, "LL402");
  REQUIRE(visibility != nullptr);
  CHECK(file_name(visibility->primary) == "orders-stack.ts");
  CHECK(line_of(visibility->primary) == 18);
  CHECK(visibility->primary.file->text().substr(visibility->primary.range.begin, visibility->primary.range.end - visibility->primary.range.begin) ==
        "new sqs.Queue(this, 'Jobs');");
  CHECK(visibility->message.find("OrdersStack/Jobs") != std::string::npos);
  CHECK(visibility->message.find("Jobs2C5E5B3A") == std::string::npos);
  CHECK(visibility->message.find("the default visibilityTimeout of 30 s, shorter than the 60 s timeout of function 'OrdersStack/Handler'") !=
        std::string::npos); // named as the construct props that set them
  REQUIRE_FALSE(visibility->related.empty());
  CHECK(file_name(visibility->related.front().location) == "OrdersStack.template.json");
  CHECK(visibility->related.front().message == "in the synthesized template: 'Jobs2C5E5B3A' (OrdersStack/Jobs)");
  CHECK_FALSE(visibility->fix.has_value());
  CHECK(visibility->resource == "Jobs2C5E5B3A"); // baselines keep the stable logical id
}

TEST_CASE("cdk: CDK's own grant statements are not the author's mistakes")
{
  const UnitResult reported = lint_file(k_orders, rules::all(), options());
  CHECK(find(reported.findings, "LL109") == nullptr);
  CHECK(reported.suppressed >= 1);

  const UnitResult all = lint_file(k_orders, rules::all(), options(true));
  const Finding* grant = find(all.findings, "LL109");
  REQUIRE(grant != nullptr);
  REQUIRE(grant->suppression.has_value());
  CHECK(grant->suppression->via == "generated");
  CHECK(grant->suppression->justification ==
        "written by CDK's grantReadWriteData in 'OrdersStack/Handler/ServiceRole/DefaultPolicy'");
}

TEST_CASE("cdk: nested stacks and stage assemblies, old traces and creationStack entries")
{
  const UnitResult nested = lint_file(k_nested, rules::all(), options());
  const Finding* runtime = find(nested.findings, "LL801");
  REQUIRE(runtime != nullptr);
  CHECK(file_name(runtime->primary) == "data-stack.ts");
  CHECK(line_of(runtime->primary) == 9);

  const UnitResult stage = lint_file(k_stage, rules::all(), options());
  const Finding* zero = find(stage.findings, "LL702");
  REQUIRE(zero != nullptr);
  CHECK(file_name(zero->primary) == "prod-stage.ts"); // traced on /Users/dev/src/orders, mapped into the project
  CHECK(line_of(zero->primary) == 9);
  // The stage's function has no aws:cdk:path metadata: the manifest's logicalId entry names it.
  CHECK(zero->message.find("Prod/Audit/Audit") != std::string::npos);
  CHECK(zero->message.find("Audit5C2A8D41") == std::string::npos);
}

TEST_CASE("cdk: a function's code asset is resolved to its directory in the assembly")
{
  const AnalyzedUnit unit = analyze_path(k_orders, rules::all(), options());
  REQUIRE(unit.model != nullptr);
  const Function* handler = unit.model->find_function("Handler886CB40B");
  REQUIRE(handler != nullptr);
  CHECK(handler->code.kind == FunctionCode::Kind::local_path);
  CHECK(handler->code.local_path == "asset.3128389bb1c21bafeaa7b6e627026558f2845a3817f88436925b1ed9f845973e");
  REQUIRE(handler->code.written != nullptr);
  CHECK(std::filesystem::is_directory(std::filesystem::path(k_app) / "cdk.out" / handler->code.local_path));
}

TEST_CASE("cdk: SARIF shows the TypeScript location, the template as a related location")
{
  const UnitResult result = lint_file(k_orders, rules::all(), options());
  REQUIRE_FALSE(result.findings.empty());
  report::ReportInput input;
  input.findings = result.findings;
  input.rules = rules::all();
  input.tool_version = "test";
  input.base_directory = k_app;
  input.files_checked = 1;
  std::ostringstream out;
  report::write_sarif(out, input);
  const nlohmann::json log = nlohmann::json::parse(out.str());
  bool typescript = false;
  for (const nlohmann::json& entry : log["runs"][0]["results"]) {
    if (entry["ruleId"] == "LL402") {
      const nlohmann::json& location = entry["locations"][0]["physicalLocation"];
      CHECK(location["artifactLocation"]["uri"] == "lib/orders-stack.ts");
      CHECK(location["region"]["startLine"] == 18);
      CHECK(entry["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "cdk.out/OrdersStack.template.json");
      typescript = true;
    }
  }
  CHECK(typescript);
}

TEST_CASE("source map: renames quoted ids, moves findings to the written line, suppresses generated parts")
{
  const auto generated = std::make_shared<const SourceFile>("stack.template.json", std::string(R"({"A1B2": {}, "Policy9F": {}})"));
  const auto code = std::make_shared<const SourceFile>("lib/stack.ts", std::string("const a = new A(this, 'A');\n"));
  SourceMap map;
  map.name_kind = "construct";
  map.resources.push_back({generated, {1, 12}, "A1B2", "Stack/A", Location{code, {10, 26}}});
  map.resources.push_back({generated, {14, 29}, "Policy9F", "Stack/Role/DefaultPolicy", std::nullopt});
  map.generated.push_back({{generated, {26, 28}}, "written by CDK"});

  std::vector<Finding> findings(3);
  findings[0].message = "Function 'A1B2' lets any account's resources call 'A1B2'";
  findings[0].primary = {generated, {2, 6}};
  findings[0].fix = Fix{"edit the template", {}, Applicability::safe};
  findings[1].message = "Statement grants nothing";
  findings[1].primary = {generated, {26, 28}};
  findings[2].message = "Unrelated 'X'";
  findings[2].primary = {generated, {0, 1}};
  apply_source_map(map, findings);

  CHECK(findings[0].message == "Function 'Stack/A' lets any account's resources call 'Stack/A'");
  CHECK(findings[0].primary.file == code);
  CHECK(findings[0].primary.range.begin == 10);
  REQUIRE(findings[0].related.size() == 1);
  CHECK(findings[0].related[0].location.file == generated);
  CHECK(findings[0].related[0].message == "in the synthesized template: 'A1B2' (Stack/A)");
  CHECK_FALSE(findings[0].fix.has_value());

  CHECK(findings[1].message == "Statement grants nothing (construct 'Stack/Role/DefaultPolicy')");
  REQUIRE(findings[1].suppression.has_value());
  CHECK(findings[1].suppression->via == "generated");
  CHECK(findings[1].suppression->justification == "written by CDK");
  CHECK(findings[1].primary.file == generated); // no creation line known: stays in the template

  CHECK(findings[2].message == "Unrelated 'X'");
  CHECK_FALSE(findings[2].suppression.has_value());
}
