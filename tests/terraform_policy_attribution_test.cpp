// A finding about a statement of a data "aws_iam_policy_document" belongs to the resource that
// uses the document (iam_rules::attribute_to_policy): the statement lies in no resource, so the
// location cannot say (issue 15, tests/equivalence LL106-unknown-action).

#include "analyzer/driver.h"
#include "rules/registry.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace lint;

TEST_CASE("terraform: an IAM finding in a data aws_iam_policy_document belongs to the policy resource using it")
{
  for (const char* twin : {"hcl", "tfjson"}) {
    CAPTURE(twin);
    DriverOptions options;
    options.selection.enable.insert("LL106");
    const Rule* only[] = {rules::find("LL106")};
    REQUIRE(only[0] != nullptr);
    const fs::path directory = fs::path(LINT_SOURCE_DIR) / "fixtures" / "equivalence" / "LL106-unknown-action" / twin;
    const UnitResult result = lint_terraform_module(directory.string(), only, options);
    const Finding* in_document = nullptr;
    const Finding* in_role = nullptr;
    for (const Finding& finding : result.findings) {
      const std::string_view text = finding.primary.file->text().substr(finding.primary.range.begin,
                                                                         finding.primary.range.end - finding.primary.range.begin);
      if (text.find("sqs:SendMesage") != std::string_view::npos) {
        in_document = &finding;
      } else if (text.find("s3:GetObjet") != std::string_view::npos) {
        in_role = &finding;
      }
    }
    REQUIRE(in_document != nullptr);
    REQUIRE(in_role != nullptr);
    CHECK(in_document->resource == "aws_iam_role_policy.FnPolicy");
    CHECK(in_role->resource == "aws_iam_role.FnRole"); // inside its resource: the location decides
    if (std::string_view(twin) == "hcl") {
      // Still located where the statement is written: policy.tf, line 4.
      CHECK(in_document->primary.file->path().ends_with("policy.tf"));
      CHECK(in_document->primary.file->byte_position(in_document->primary.range.begin).line == 4);
    }
    CHECK(in_document->message ==
          "Action 'sqs:SendMesage' in policy 'send' matches no action of the service (did you mean 'sqs:SendMessage'?)");
  }
}
