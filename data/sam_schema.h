#pragma once
// SAM's own schema (AWS::Serverless::* resource types, their event source types and Globals),
// compiled at build time from data/sam/sam-structure.json (SAM v1.110.0) by tools/gen_data. Static,
// constant-initialized tables, like data/cfn_spec.h.
#include <cstdint>
#include <span>
#include <string_view>

namespace lint::data {

struct SamEventSpec {
  std::string_view type;  // the event's `Type` ("Api", "SQS", ...)
  std::int32_t object;    // index into sam_objects(): the event entry (Type, Properties)
};

struct SamPropertySpec {
  std::string_view name;
  // Index into sam_objects() when the value (each item of a list, each value of a map) may be a
  // structure the schema describes, else -1. Alternatives the schema allows beside it (a string
  // for CodeUri, ...) are not judged here.
  std::int32_t object;
  bool is_list;
  bool is_map;
  // Non-empty for `Events`-like maps: each value is an event source whose structure depends on
  // its `Type`.
  std::span<const SamEventSpec> events;
  // SAM passes the value through to this CloudFormation property ("AWS::Lambda::Function" +
  // "LoggingConfig", or a structure "AWS::Lambda::LayerVersion.Content" + "S3Bucket"): its inside
  // is checked against the CloudFormation specification when `object` is -1. Empty otherwise.
  std::string_view cfn_owner;
  std::string_view cfn_property;
};

struct SamObjectSpec {
  std::string_view name;  // for messages: "AWS::Serverless::Function", "AWS::Serverless::Function event type Api"
  std::span<const SamPropertySpec> properties;  // sorted by name
  bool closed;  // additionalProperties: false (an unknown key is an error)
};

struct SamResourceSpec {
  std::string_view type;  // "AWS::Serverless::Function"
  std::int32_t properties;  // index into sam_objects()
};

struct SamGlobalsSpec {
  std::string_view section;  // "Function", "Api", ...
  std::int32_t object;       // index into sam_objects()
};

std::span<const SamObjectSpec> sam_objects();
std::span<const SamResourceSpec> sam_resource_types();  // sorted by type
std::span<const SamGlobalsSpec> sam_globals_sections();  // sorted by section
const SamResourceSpec* find_sam_resource_type(std::string_view type);
const SamPropertySpec* find_sam_property(std::span<const SamPropertySpec> properties, std::string_view name);

}  // namespace lint::data
