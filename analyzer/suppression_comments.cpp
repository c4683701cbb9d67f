// Comment scanning: where the comments of a YAML or HCL text are (outside quoted strings), and
// which comment syntax a file uses. The directive grammar (suppression_directives.cpp) reads them.

#include "analyzer/suppression_text.h"
#include "parsers/node.h"

namespace lint {

namespace suppression_detail {

CommentSyntax comment_syntax_of(const SourceFile& file)
{
  const std::string& path = file.path();
  if (path.ends_with(".tf") || path.ends_with(".hcl") || path.ends_with(".tfvars")) {
    return CommentSyntax::hcl;
  }
  if (sniff_format(file.text()) == TextFormat::json) {
    return CommentSyntax::none; // JSON has no comments
  }
  return CommentSyntax::yaml;
}

} // namespace suppression_detail

using suppression_detail::is_space;

std::vector<Comment> scan_comments(std::string_view text, CommentSyntax syntax)
{
  std::vector<Comment> comments;
  if (syntax == CommentSyntax::none) {
    return comments;
  }
  const bool hcl = syntax == CommentSyntax::hcl;
  bool in_block_comment = false; // HCL /* ... */ across lines
  std::size_t block_start = 0;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      line_end = text.size();
    }
    char quote = 0; // strings never span lines here: a stray quote cannot hide the rest of the file
    bool code_before = false;
    char previous_code = 0; // last non-space character outside strings and comments
    for (std::size_t i = line_start; i < line_end; ++i) {
      const char c = text[i];
      if (in_block_comment) {
        if (c == '*' && i + 1 < line_end && text[i + 1] == '/') {
          in_block_comment = false;
          ++i;
          comments.push_back({{static_cast<std::uint32_t>(block_start), static_cast<std::uint32_t>(i + 1)},
                              text.substr(block_start + 2, i - 1 - (block_start + 2)), false});
        }
        continue;
      }
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          ++i;
        } else if (c == quote) {
          if (quote == '\'' && i + 1 < line_end && text[i + 1] == '\'') {
            ++i; // YAML '' escape
          } else {
            quote = 0;
          }
        }
        continue;
      }
      const bool after_space = i == line_start || is_space(text[i - 1]);
      const bool hash_comment = c == '#' && (hcl || after_space);
      const bool slash_comment = hcl && c == '/' && i + 1 < line_end && text[i + 1] == '/';
      if (hash_comment || slash_comment) {
        const std::size_t body = i + (slash_comment ? 2 : 1);
        std::size_t end = line_end;
        if (end > line_start && text[end - 1] == '\r') {
          --end;
        }
        comments.push_back({{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)}, text.substr(body, end - body), !code_before});
        break;
      }
      if (hcl && c == '/' && i + 1 < line_end && text[i + 1] == '*') {
        in_block_comment = true;
        block_start = i;
        ++i;
        continue;
      }
      if (c == '"' || (c == '\'' && !hcl)) {
        // YAML: a quote opens a scalar only where a scalar can start (it's stays plain text).
        const bool scalar_start = hcl || previous_code == 0 || std::string_view(":-[{,?").find(previous_code) != std::string_view::npos;
        if (scalar_start) {
          quote = c;
        }
      }
      if (!is_space(c) && c != '\r') {
        code_before = true;
        previous_code = c;
      }
    }
    if (line_end == text.size()) {
      break;
    }
    line_start = line_end + 1;
  }
  return comments;
}

} // namespace lint
