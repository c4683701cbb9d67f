#pragma once
// CloudFormation resource specification (AWS::* and AWS::Serverless::* types), compiled at build
// time from the pinned @aws-cdk/aws-service-spec db.json.gz by tools/gen_data. All tables are
// static, constant-initialized data: nothing is parsed at start-up.
#include <cstdint>
#include <span>
#include <string_view>

namespace lint::data {

// Union types in the spec ("string or S3Location", "json or string", ...) are collapsed:
//  * alternatives that agree on everything -> that type; "integer" + "number" -> "number";
//  * exactly one structure, other alternatives json -> the structure;
//  * exactly one structure plus scalar alternatives -> primitive "any" AND type_definition set:
//    the value may be a scalar, and when it is a mapping it must match the structure
//    (e.g. AWS::Serverless::Function CodeUri: string or S3Location);
//  * anything else (several structures, list vs. scalar, ...) -> primitive "any", no structure.
// The spec's built-in tag type is the synthesized structure "Tag" (Key, Value: required strings).
struct PropertySpec {
  std::string_view name;
  std::string_view documentation;  // markdown, first paragraph, at most ~400 chars
  bool required;
  bool is_list;                    // list of the element type
  bool is_map;                     // map of string -> element type
  std::string_view primitive;      // "string","integer","number","boolean","json","timestamp","any",
                                   // or "" when the (element) type is a structure
  std::int32_t type_definition;    // index into type_definitions() when the (element) type is a
                                   // structure (see the union note above), else -1
};

struct TypeDefinitionSpec {
  std::string_view name;  // qualified like the classic CFN spec: "AWS::Lambda::Function.VpcConfig"
  std::span<const PropertySpec> properties;  // sorted by name
};

struct ResourceTypeSpec {
  std::string_view type;  // "AWS::Lambda::Function"
  std::string_view documentation;
  std::span<const PropertySpec> properties;      // sorted by name
  std::span<const std::string_view> attributes;  // GetAtt names, sorted ("Arn", "SnapStartResponse.ApplyOn" ...)
};

std::span<const ResourceTypeSpec> resource_types();  // sorted by type
const ResourceTypeSpec* find_resource_type(std::string_view cfn_type);
std::span<const TypeDefinitionSpec> type_definitions();  // sorted by name
const PropertySpec* find_property(std::span<const PropertySpec> properties, std::string_view name);

}  // namespace lint::data
