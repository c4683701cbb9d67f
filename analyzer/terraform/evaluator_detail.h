#pragma once
// Internal to the Terraform evaluator (evaluator*.cpp, policy_document.cpp): limits and small text
// helpers shared by its translation units. Not part of the evaluator's interface.

#include "analyzer/node_value.h"
#include "parsers/hcl/hcl.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lint::terraform::detail {

inline constexpr int k_max_depth = 96;          // nesting of expressions / references
inline constexpr int k_max_module_depth = 16;   // nesting of module calls
inline constexpr std::size_t k_max_instances = 256; // count / for_each expanded beyond this stays symbolic
// The evaluation budget of one unit: values made and the bytes of their strings and collections.
// Real modules stay far below (a few hundred resources make tens of thousands of values); locals
// that each double a string, or module calls fanning out 3 ways at every level, would need
// gigabytes. Past the budget every expression is unknown and one LL001 names the expression that
// crossed it.
inline constexpr std::uint64_t k_max_values = 500'000;
inline constexpr std::uint64_t k_max_value_bytes = std::uint64_t{64} << 20;
inline constexpr std::uint64_t k_max_module_instances = 5'000;

/// Meta-arguments are Terraform's, not the resource type's.
inline bool is_meta_argument(std::string_view name)
{
  return name == "count" || name == "for_each" || name == "depends_on" || name == "provider" || name == "lifecycle" ||
         name == "provisioner" || name == "connection";
}

/// Attributes that hold JSON documents, which are decoded with exact positions when written as
/// a heredoc (policies, trust policies, state machine definitions).
inline bool is_json_attribute(std::string_view name)
{
  return name == "policy" || name == "assume_role_policy" || name == "definition" || name == "redrive_policy" ||
         name == "redrive_allow_policy" || name == "access_policy";
}

inline std::string number_text(double number)
{
  if (std::floor(number) == number && std::fabs(number) < 9e15) {
    return fmt::format("{}", static_cast<std::int64_t>(number));
  }
  return fmt::format("{}", number);
}

inline std::string unescape_quoted(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      const char next = text[++i];
      switch (next) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      default:
        out += '\\';
        out += next;
        break;
      }
    } else if ((c == '$' || c == '%') && i + 2 < text.size() && text[i + 1] == c && text[i + 2] == '{') {
      out += c; // $${ is a literal ${, %%{ a literal %{
      out += '{';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

inline std::string unescape_heredoc(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '$' || c == '%') && i + 2 < text.size() && text[i + 1] == c && text[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

/// Named children without comments.
inline std::vector<hcl::Node> operands(hcl::Node node)
{
  std::vector<hcl::Node> out;
  for (hcl::Node child : node.children()) {
    if (!child.is("comment")) {
      out.push_back(child);
    }
  }
  return out;
}

} // namespace lint::terraform::detail
