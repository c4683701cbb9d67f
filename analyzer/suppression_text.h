#pragma once
// Internal to the suppression sources (suppression_comments.cpp, suppression_directives.cpp):
// the text helpers the comment scanner and the directive grammar share.

#include "analyzer/suppressions.h"

#include <string_view>

namespace lint::suppression_detail {

inline bool is_space(char c)
{
  return c == ' ' || c == '\t';
}

inline std::string_view trim(std::string_view text)
{
  while (!text.empty() && (is_space(text.front()) || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (is_space(text.back()) || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

/// The comment syntax of a file: HCL for Terraform, none for JSON, else YAML.
CommentSyntax comment_syntax_of(const SourceFile& file);

} // namespace lint::suppression_detail
