#pragma once
// Helpers shared by the reporters; not part of the lint_report interface.

#include "report/report.h"
#include "support/text.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lint::report::detail {

/// The registered rules sorted by id (nulls dropped): SARIF's tool.driver.rules order, so a rule's
/// position here is the result's ruleIndex.
std::vector<const Rule*> sorted_rules(std::span<const Rule* const> rules);
/// Position of `id` in `sorted`, or -1.
std::ptrdiff_t rule_index(const std::vector<const Rule*>& sorted, std::string_view id);

/// Findings per level, indexed by Level (note, warning, error).
std::array<std::size_t, 3> count_levels(std::span<const Finding> findings);

/// Byte range clamped to its file: begin <= end <= text size (rules should never produce anything
/// else, but a reporter must not crash or print garbage when one does).
SourceRange clamped(const SourceFile& file, SourceRange range);

/// Length of the UTF-8 sequence starting with lead byte `c` (1 for invalid bytes).
// UTF-8 sequence lengths: support/text.h utf8_sequence_length.
/// Decodes the code point at `text[i]` (U+FFFD for invalid or truncated sequences).
char32_t decode_utf8(std::string_view text, std::size_t i, std::uint32_t& length);

/// `text` as well-formed UTF-8: invalid, overlong, surrogate and out-of-range sequences become
/// U+FFFD (XML, JSON and terminals all need valid UTF-8).
std::string valid_utf8(std::string_view text);
/// Text from a template (logical ids, paths, values in messages) made safe to print: valid UTF-8,
/// and control characters (C0, DEL, C1) shown as escapes (`\n`, `\x1b`) so a crafted template can
/// neither drive the terminal (colours, window title) nor forge an output line. A tab stays a tab;
/// with `keep_newlines`, a line feed stays a line feed.
std::string printable(std::string_view text, bool keep_newlines = false);

/// Markdown to readable plain text: headings, code fences, inline code, emphasis and links lose
/// their markup (SARIF help.text, fullDescription).
std::string markdown_to_plain(std::string_view markdown);
/// The first prose paragraph of a markdown document (headings skipped), as one plain line.
std::string first_paragraph(std::string_view markdown);
/// Cuts `text` to at most `max_bytes` bytes on a code point boundary, ending in "..." when cut.
std::string truncate_utf8(std::string text, std::size_t max_bytes);

} // namespace lint::report::detail
