// Facts about the pinned AWS data sets, checked through the generated static tables.
#include <doctest/doctest.h>

#include <algorithm>
#include <string_view>

#include "data/cfn_spec.h"
#include "data/iam_catalog.h"
#include "data/managed_policies.h"

using namespace std::string_view_literals;
namespace d = lint::data;

namespace {

bool has_attribute(const d::ResourceTypeSpec& r, std::string_view name) {
  return std::binary_search(r.attributes.begin(), r.attributes.end(), name);
}

}  // namespace

TEST_CASE("cfn spec: tables are sorted for binary search") {
  const auto types = d::resource_types();
  REQUIRE(types.size() > 1000);
  CHECK(std::is_sorted(types.begin(), types.end(), [](auto& a, auto& b) { return a.type < b.type; }));
  const auto defs = d::type_definitions();
  CHECK(std::is_sorted(defs.begin(), defs.end(), [](auto& a, auto& b) { return a.name < b.name; }));
  for (const auto& r : types) {
    CHECK(r.type.starts_with("AWS::"));
    CHECK(std::is_sorted(r.properties.begin(), r.properties.end(), [](auto& a, auto& b) { return a.name < b.name; }));
    CHECK(std::is_sorted(r.attributes.begin(), r.attributes.end()));
    for (const auto& p : r.properties) {
      CHECK(p.type_definition < static_cast<std::int32_t>(defs.size()));
      CHECK((p.type_definition >= 0 || !p.primitive.empty()));
    }
  }
}

TEST_CASE("cfn spec: AWS::Lambda::Function") {
  const auto* fn = d::find_resource_type("AWS::Lambda::Function");
  REQUIRE(fn != nullptr);
  CHECK(fn->type == "AWS::Lambda::Function");
  CHECK(fn->documentation.find("Lambda function") != std::string_view::npos);

  const auto* timeout = d::find_property(fn->properties, "Timeout");
  REQUIRE(timeout != nullptr);
  CHECK(timeout->primitive == "integer");
  CHECK_FALSE(timeout->is_list);
  CHECK_FALSE(timeout->required);
  CHECK(timeout->type_definition == -1);
  CHECK(timeout->documentation.find("900 seconds") != std::string_view::npos);

  const auto* reserved = d::find_property(fn->properties, "ReservedConcurrentExecutions");
  REQUIRE(reserved != nullptr);
  CHECK(reserved->primitive == "integer");

  const auto* code = d::find_property(fn->properties, "Code");
  REQUIRE(code != nullptr);
  CHECK(code->required);
  CHECK(code->primitive.empty());

  const auto* vpc = d::find_property(fn->properties, "VpcConfig");
  REQUIRE(vpc != nullptr);
  CHECK(vpc->primitive.empty());
  REQUIRE(vpc->type_definition >= 0);
  const auto& vpc_type = d::type_definitions()[static_cast<std::size_t>(vpc->type_definition)];
  CHECK(vpc_type.name == "AWS::Lambda::Function.VpcConfig");
  const auto* subnets = d::find_property(vpc_type.properties, "SubnetIds");
  REQUIRE(subnets != nullptr);
  CHECK(subnets->is_list);
  CHECK(subnets->primitive == "string");

  const auto* tags = d::find_property(fn->properties, "Tags");
  REQUIRE(tags != nullptr);
  CHECK(tags->is_list);
  REQUIRE(tags->type_definition >= 0);
  CHECK(d::find_property(d::type_definitions()[static_cast<std::size_t>(tags->type_definition)].properties, "Key"));

  CHECK(has_attribute(*fn, "Arn"));
  CHECK(has_attribute(*fn, "SnapStartResponse.ApplyOn"));
  CHECK_FALSE(has_attribute(*fn, "Timeout"));
  CHECK(d::find_property(fn->properties, "NoSuchProperty") == nullptr);
  CHECK(d::find_property(fn->properties, "timeout") == nullptr);  // CloudFormation is case-sensitive
}

TEST_CASE("cfn spec: SAM and other resource types") {
  const auto* sam = d::find_resource_type("AWS::Serverless::Function");
  REQUIRE(sam != nullptr);
  const auto* events = d::find_property(sam->properties, "Events");
  REQUIRE(events != nullptr);
  CHECK(events->is_map);
  CHECK(events->type_definition >= 0);
  // CodeUri is "string or S3Location" in the spec: a scalar or the structure.
  const auto* code_uri = d::find_property(sam->properties, "CodeUri");
  REQUIRE(code_uri != nullptr);
  CHECK(code_uri->primitive == "any");
  CHECK(code_uri->type_definition >= 0);

  const auto* queue = d::find_resource_type("AWS::SQS::Queue");
  REQUIRE(queue != nullptr);
  const auto* visibility = d::find_property(queue->properties, "VisibilityTimeout");
  REQUIRE(visibility != nullptr);
  CHECK(visibility->primitive == "integer");
  CHECK(has_attribute(*queue, "Arn"));
  CHECK(has_attribute(*queue, "QueueUrl"));

  CHECK(d::find_resource_type("AWS::Lambda::NoSuchThing") == nullptr);
  CHECK(d::find_resource_type("aws::lambda::function") == nullptr);
  CHECK(d::find_resource_type("") == nullptr);
  CHECK(d::find_resource_type("Alexa::ASK::Skill") == nullptr);  // only AWS::* types are kept
}

TEST_CASE("iam catalog: services and actions") {
  const auto services = d::iam_services();
  REQUIRE(services.size() > 300);
  CHECK(std::is_sorted(services.begin(), services.end(), [](auto& a, auto& b) { return a.prefix < b.prefix; }));

  const auto* s3 = d::find_iam_service("s3");
  REQUIRE(s3 != nullptr);
  CHECK(s3->prefix == "s3");
  CHECK(s3->name == "Amazon S3");
  CHECK(d::find_iam_service("S3") == s3);

  const auto* get_object = d::find_iam_action(*s3, "GetObject");
  REQUIRE(get_object != nullptr);
  CHECK(get_object->name == "GetObject");
  CHECK(get_object->access_level == d::AccessLevel::read);
  CHECK(d::find_iam_action(*s3, "getobject") == get_object);
  CHECK(d::find_iam_action(*s3, "GETOBJECT") == get_object);
  bool object_resource = false;
  for (const auto& r : get_object->resource_types) {
    REQUIRE(r.resource_type < s3->resource_types.size());
    const auto& type = s3->resource_types[r.resource_type];
    if (type.name == "object") {
      object_resource = true;
      CHECK(type.arn_format == "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
    }
  }
  CHECK(object_resource);
  CHECK(std::find(get_object->condition_keys.begin(), get_object->condition_keys.end(), "s3:TlsVersion"sv) !=
        get_object->condition_keys.end());
  CHECK(d::find_iam_action(*s3, "GetObjectz") == nullptr);
  CHECK(d::find_iam_action(*s3, "ListAllMyBuckets")->access_level == d::AccessLevel::list);
  CHECK(d::find_iam_action(*s3, "ListAllMyBuckets")->resource_types.empty());  // "*" only

  const auto* iam = d::find_iam_service("iam");
  REQUIRE(iam != nullptr);
  const auto* pass_role = d::find_iam_action(*iam, "PassRole");
  REQUIRE(pass_role != nullptr);
  CHECK(pass_role->access_level == d::AccessLevel::write);
  REQUIRE(pass_role->resource_types.size() == 1);
  CHECK(iam->resource_types[pass_role->resource_types[0].resource_type].name == "role");
  CHECK(pass_role->resource_types[0].required);
  CHECK(d::find_iam_action(*iam, "PutRolePolicy")->access_level == d::AccessLevel::permissions_management);

  const auto* lambda = d::find_iam_service("lambda");
  REQUIRE(lambda != nullptr);
  const auto* invoke = d::find_iam_action(*lambda, "InvokeFunction");
  REQUIRE(invoke != nullptr);
  CHECK(invoke->access_level == d::AccessLevel::write);
  CHECK(d::find_iam_action(*lambda, "TagResource")->access_level == d::AccessLevel::tagging);

  CHECK(d::find_iam_service("nosuchservice") == nullptr);
  CHECK(d::find_iam_service("") == nullptr);
}

TEST_CASE("managed policies") {
  const auto policies = d::managed_policies();
  REQUIRE(policies.size() > 1000);
  CHECK(std::is_sorted(policies.begin(), policies.end(), [](auto& a, auto& b) { return a.name < b.name; }));

  const auto* admin = d::find_managed_policy_by_name("AdministratorAccess");
  REQUIRE(admin != nullptr);
  CHECK(admin->arn == "arn:aws:iam::aws:policy/AdministratorAccess");
  CHECK(admin->document_json ==
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  CHECK(admin->document_json.find(R"("Action":"*")") != std::string_view::npos);
  CHECK(d::find_managed_policy_by_arn("arn:aws:iam::aws:policy/AdministratorAccess") == admin);
  CHECK(d::find_managed_policy_by_arn("arn:aws-cn:iam::aws:policy/AdministratorAccess") == admin);
  CHECK(d::find_managed_policy_by_arn("arn:aws-us-gov:iam::aws:policy/AdministratorAccess") == admin);
  CHECK(d::find_managed_policy_by_arn("arn:aws:iam::123456789012:policy/AdministratorAccess") == nullptr);
  CHECK(d::find_managed_policy_by_arn("AdministratorAccess") == nullptr);

  const auto* basic = d::find_managed_policy_by_name("AWSLambdaBasicExecutionRole");
  REQUIRE(basic != nullptr);
  CHECK(basic->arn == "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  CHECK(d::find_managed_policy_by_arn(basic->arn) == basic);
  CHECK(basic->document_json.find("logs:CreateLogGroup") != std::string_view::npos);

  CHECK(d::find_managed_policy_by_name("administratoraccess") == nullptr);
  CHECK(d::find_managed_policy_by_name("NoSuchPolicy") == nullptr);
}
