#pragma once
#include <string_view>

namespace lint {

/// The long form of a CloudFormation short-form tag ("!Ref" → "Ref", "!GetAtt" → "Fn::GetAtt",
/// "!Condition" → "Condition"), or "" for any other tag.
std::string_view cfn_short_form(std::string_view tag);

} // namespace lint
