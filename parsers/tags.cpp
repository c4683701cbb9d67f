#include "parsers/tags.h"

#include <array>
#include <utility>

namespace lint {

std::string_view cfn_short_form(std::string_view tag)
{
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 21> k_tags{{
    {"!And", "Fn::And"},
    {"!Base64", "Fn::Base64"},
    {"!Cidr", "Fn::Cidr"},
    {"!Condition", "Condition"},
    {"!Equals", "Fn::Equals"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!ForEach", "Fn::ForEach"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!If", "Fn::If"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!Join", "Fn::Join"},
    {"!Length", "Fn::Length"},
    {"!Not", "Fn::Not"},
    {"!Or", "Fn::Or"},
    {"!Ref", "Ref"},
    {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},
    {"!Sub", "Fn::Sub"},
    {"!ToJsonString", "Fn::ToJsonString"},
    {"!Transform", "Fn::Transform"},
  }};
  for (const auto& [short_form, long_form] : k_tags) {
    if (short_form == tag) {
      return long_form;
    }
  }
  return {};
}

} // namespace lint
