#pragma once
// LL004 for AWS::Serverless::* resources: their properties, nested structures and event sources
// checked against SAM's own schema (data/sam_schema.h). Kept beside rules/health/unknown_property.cpp,
// which owns the reporting (message, nearest name, fix) and the CloudFormation checking that SAM
// pass-through properties (LoggingConfig, VpcConfig, ...) fall back to.

#include "analyzer/model.h"
#include "data/cfn_spec.h"

#include <set>
#include <span>
#include <string>
#include <string_view>

namespace lint::rules {

class SamPropertySink {
public:
  virtual ~SamPropertySink() = default;
  /// `entry` is not among `properties` of the structure called `owner`; `path` names it.
  virtual void unknown(const ValueEntry& entry, std::span<const data::PropertySpec> properties, std::string_view owner,
                       const std::string& path) = 0;
  /// The value SAM passes through to the CloudFormation property `property`: check its inside.
  virtual void pass_through(const Value* value, const data::PropertySpec& property, const std::string& path, int depth) = 0;
};

/// Checks a SAM resource's properties. `reported_globals` holds the Globals keys already reported
/// (a Globals key is inherited by every resource of its kind but reported once).
void check_sam_properties(const Resource& resource, SamPropertySink& sink, std::set<std::size_t>& reported_globals);

} // namespace lint::rules
