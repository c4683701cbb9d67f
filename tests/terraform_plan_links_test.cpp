// A plan links resources through the configuration's references when the values are known only
// after apply (issue 17): aws_api_gateway_integration.uri = aws_lambda_function.Fn.invoke_arn.

#include "analyzer/driver.h"
#include "analyzer/terraform/plan_frontend.h"
#include "rules/registry.h"
#include "tests/test_files.h"

#include <doctest/doctest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace lint;

TEST_CASE("terraform plan: an integration's uri known only after apply links its function through the configuration")
{
  const fs::path path = fs::path(LINT_SOURCE_DIR) / "fixtures" / "terraform" / "plan_configuration_link" / "plan.json";
  const auto file = std::make_shared<const SourceFile>(path.string(), lint::test::read_file(path));
  terraform::PlanOptions options;
  options.use_configuration_beside = false;
  const auto model = terraform::build_plan_model(file, options);
  REQUIRE(model != nullptr);
  REQUIRE(model->triggers.size() == 1);
  const Trigger& trigger = model->triggers.front();
  REQUIRE(trigger.function != nullptr);
  CHECK(trigger.function->resource->id == "aws_lambda_function.Fn");
  CHECK(trigger.source_resource != nullptr);
  CHECK(trigger.function->timeout_seconds() == 300);

  const UnitResult result = lint_model("plan", *model, rules::all(), DriverOptions{});
  int timeout_findings = 0;
  for (const Finding& finding : result.findings) {
    if (finding.rule_id == "LL401") {
      ++timeout_findings;
      CHECK(finding.message ==
            "Function 'aws_lambda_function.Fn' has timeout 300 s, longer than the 29 s API Gateway waits for its integration "
            "'aws_api_gateway_integration.Integration'");
    }
  }
  CHECK(timeout_findings == 1);
}
