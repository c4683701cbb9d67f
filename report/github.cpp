// GitHub Actions workflow commands (`::error file=...::message`), for CI runs without SARIF upload.
// Escaping follows actions/toolkit packages/core/src/command.ts: data escapes % CR LF; property
// values also escape ':' and ','. GitHub shows at most 10 annotations of each level per step, so
// SARIF upload stays the way to see every finding (docs/ci.md).

#include "report/detail.h"
#include "report/report.h"

#include <fmt/format.h>

#include <system_error>

namespace lint::report {
namespace {

std::string escape_data(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  // Line breaks are the command's own %0A; other control characters (an escape sequence in a
  // logical id) are shown as escapes so they cannot drive the log viewer.
  for (const char c : detail::printable(text, /*keep_newlines=*/true)) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view text)
{
  std::string out;
  for (const char c : escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view command_for(Level level)
{
  switch (level) {
  case Level::error:
    return "error";
  case Level::warning:
    return "warning";
  case Level::note:
    return "notice";
  }
  return "warning";
}

/// Repository-relative path with forward slashes (GitHub matches annotations to checked-out files).
std::string workspace_path(const std::string& path, const std::filesystem::path& base)
{
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::weakly_canonical(std::filesystem::absolute(path, error), error);
  if (!base.empty()) {
    const std::filesystem::path relative = absolute.lexically_relative(std::filesystem::weakly_canonical(base, error));
    if (!relative.empty() && *relative.begin() != "..") {
      return relative.generic_string();
    }
  }
  return absolute.generic_string();
}

} // namespace

void write_github(std::ostream& out, const ReportInput& input)
{
  const std::vector<const Rule*> rules = detail::sorted_rules(input.rules);
  std::string cached_path;
  std::string cached_relative;
  for (const Finding& finding : input.findings) {
    std::string title(finding.rule_id);
    if (const std::ptrdiff_t index = detail::rule_index(rules, finding.rule_id); index >= 0) {
      title += ' ';
      title += rules[static_cast<std::size_t>(index)]->meta.name;
    }
    std::string properties;
    if (finding.primary.file) {
      const SourceFile& file = *finding.primary.file;
      if (file.path() != cached_path) {
        cached_path = file.path();
        cached_relative = workspace_path(cached_path, input.base_directory);
      }
      const SourceRange range = detail::clamped(file, finding.primary.range);
      const LineColumn start = file.utf16_position(range.begin);
      const LineColumn end = file.utf16_position(range.end);
      properties = fmt::format("file={},line={},endLine={},col={},endColumn={},", escape_property(cached_relative), start.line,
                               end.line, start.column, end.column);
    }
    properties += "title=" + escape_property(title);
    std::string message = finding.message;
    if (finding.suppression) {
      message += fmt::format(" (suppressed: {})", finding.suppression->via);
    }
    out << "::" << command_for(finding.level) << ' ' << properties << "::" << escape_data(message) << '\n';
  }
  for (const InputError& error : input.input_errors) {
    out << "::error file=" << escape_property(workspace_path(error.path, input.base_directory)) << ",title=lambdalint::"
        << escape_data(error.message) << '\n';
  }
}

} // namespace lint::report
