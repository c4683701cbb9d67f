// Text reporter: compiler-style diagnostics (clang/gcc layout) that editors and CI log viewers
// already know how to turn into links.

#include "report/detail.h"
#include "report/report.h"

#include <algorithm>
#include <string>

namespace lint::report {
namespace {

// Lines longer than this are shown as a window around the range (minified JSON templates put
// a whole stack on one line).
constexpr std::size_t kMaxShownBytes = 160;
constexpr std::size_t kContextBeforeBytes = 40;

struct Style {
  bool color = false;
  const char* on(const char* code) const { return color ? code : ""; }
  const char* reset() const { return color ? "\x1b[0m" : ""; }
};

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kGreen = "\x1b[1;32m";

const char* level_color(Level level)
{
  switch (level) {
  case Level::error:
    return "\x1b[1;31m";
  case Level::warning:
    return "\x1b[1;35m";
  case Level::note:
    return "\x1b[1;36m";
  }
  return "";
}

// Terminal cells taken by a code point: 0 for combining marks and variation selectors, 2 for East
// Asian wide characters and emoji, else 1. An approximation of wcwidth that is enough to keep the
// caret under the right character.
std::size_t display_width(char32_t cp)
{
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F)) {
    return 0;
  }
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF) ||
      (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

std::size_t snap_back(std::string_view line, std::size_t i)
{
  while (i > 0 && i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) {
    --i;
  }
  return i;
}

std::string_view path_of(const Location& location)
{
  return location.file ? std::string_view(location.file->path()) : std::string_view("<unknown>");
}

void write_position(std::ostream& out, const Location& location)
{
  out << detail::printable(path_of(location));
  if (location.file) {
    const LineColumn position = location.file->byte_position(location.range.begin);
    out << ':' << position.line << ':' << position.column;
  }
  out << ':';
}

// The source line of the range start and a caret line under it: `^` at the start, `~` to the end
// of the range or of the line. Padding copies tabs so the caret stays aligned at any tab width.
void write_snippet(std::ostream& out, const SourceFile& file, SourceRange range, const Style& style)
{
  range = detail::clamped(file, range);
  const LineColumn start = file.byte_position(range.begin);
  const std::string_view line = file.line_text(start.line);
  const std::uint32_t line_begin = file.line_start(start.line);
  const std::size_t col = std::min<std::size_t>(range.begin - line_begin, line.size());
  const std::size_t end_col = std::clamp<std::size_t>(range.end - line_begin, col, line.size());

  std::size_t shown_begin = 0;
  std::size_t shown_end = line.size();
  if (line.size() > kMaxShownBytes) {
    shown_begin = snap_back(line, col > kContextBeforeBytes ? col - kContextBeforeBytes : 0);
    shown_end = snap_back(line, std::min(line.size(), shown_begin + kMaxShownBytes));
    shown_end = std::max(shown_end, col);
  }

  std::string source;
  std::string caret;
  if (shown_begin > 0) {
    source += "...";
    caret += "   ";
  }
  std::size_t underline = 0;
  for (std::size_t i = shown_begin; i < shown_end;) {
    std::uint32_t length = 1;
    const char32_t cp = detail::decode_utf8(line, i, length);
    const bool control = cp < 0x20 || cp == 0x7F;
    const std::size_t width = cp == U'\t' ? 1 : control ? 1 : display_width(cp);
    if (cp == U'\t') {
      source += '\t';
    } else if (control || cp == 0xFFFD) {
      source += '?'; // never send raw control bytes or broken UTF-8 to a terminal
    } else {
      source.append(line.substr(i, length));
    }
    if (i < col) {
      caret.append(cp == U'\t' ? std::string(1, '\t') : std::string(width, ' '));
    } else if (i < end_col) {
      underline += width;
    }
    i += length;
  }
  underline = std::max<std::size_t>(underline, 1);
  out << source;
  if (shown_end < line.size()) {
    out << "...";
  }
  out << '\n' << caret << style.on(kGreen) << '^' << std::string(underline - 1, '~') << style.reset() << '\n';
}

void write_finding(std::ostream& out, const Finding& finding, const Style& style)
{
  out << style.on(kBold);
  write_position(out, finding.primary);
  out << style.reset() << ' ' << style.on(level_color(finding.level)) << to_string(finding.level) << '['
      << detail::printable(finding.rule_id) << "]:" << style.reset() << ' ' << style.on(kBold) << detail::printable(finding.message) << style.reset()
      << '\n';
  if (finding.primary.file) {
    write_snippet(out, *finding.primary.file, finding.primary.range, style);
  }
  for (const RelatedLocation& related : finding.related) {
    out << "  " << style.on(kBold);
    write_position(out, related.location);
    out << style.reset() << ' ' << style.on(level_color(Level::note)) << "note:" << style.reset() << ' '
        << detail::printable(related.message) << '\n';
  }
  if (finding.fix) {
    out << "  " << style.on(kGreen) << "fix:" << style.reset() << ' ' << detail::printable(finding.fix->title);
    // A fix in another file than the finding's (LL308: the template, for a call in the code).
    std::string elsewhere;
    for (const TextEdit& edit : finding.fix->edits) {
      const SourceFilePtr& file = edited_file(finding, edit);
      if (file && finding.primary.file && file->path() != finding.primary.file->path() && elsewhere.empty()) {
        elsewhere = file->path();
      }
    }
    if (!elsewhere.empty()) {
      out << " (in " << detail::printable(elsewhere) << ')';
    }
    out << '\n';
  }
  if (finding.suppression) {
    out << "  suppressed (" << detail::printable(finding.suppression->via) << ")";
    if (!finding.suppression->justification.empty()) {
      out << ": " << detail::printable(finding.suppression->justification);
    }
    out << '\n';
  }
}

std::string plural(std::size_t count, std::string_view word)
{
  std::string text = std::to_string(count);
  text += ' ';
  text += word;
  if (count != 1) {
    text += 's';
  }
  return text;
}

} // namespace

void write_text(std::ostream& out, const ReportInput& input, bool color)
{
  const Style style{color};
  for (const InputError& error : input.input_errors) {
    out << style.on(kBold) << detail::printable(error.path) << ':' << style.reset() << ' ' << style.on(level_color(Level::error))
        << "error:" << style.reset() << ' ' << detail::printable(error.message) << '\n';
  }
  for (const Finding& finding : input.findings) {
    write_finding(out, finding, style);
  }

  const auto counts = detail::count_levels(input.findings);
  const std::string files = plural(input.files_checked, "file");
  if (input.findings.empty()) {
    out << "no findings in " << files;
  } else {
    out << plural(input.findings.size(), "finding") << " ("
        << plural(counts[static_cast<std::size_t>(Level::error)], "error") << ", "
        << plural(counts[static_cast<std::size_t>(Level::warning)], "warning") << ", "
        << plural(counts[static_cast<std::size_t>(Level::note)], "note") << ") in " << files;
  }
  if (input.suppressed != 0 || input.baselined != 0) {
    out << "; not shown: ";
    if (input.suppressed != 0) {
      out << input.suppressed << " suppressed";
    }
    if (input.baselined != 0) {
      out << (input.suppressed != 0 ? ", " : "") << input.baselined << " in the baseline";
    }
    out << " (--include-suppressed shows them)";
  }
  if (!input.input_errors.empty()) {
    out << "; " << plural(input.input_errors.size(), "file") << " could not be read";
  }
  out << '\n';
}

} // namespace lint::report
