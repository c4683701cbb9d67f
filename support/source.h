#pragma once
// Source text and positions. Everything inside lambdalint is a byte offset into a SourceFile;
// lines and columns (byte, UTF-16, UTF-8) are computed only at the edges (reporters, LSP).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lint {

/// Half-open byte range [begin, end) in one SourceFile.
struct SourceRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  bool empty() const { return begin == end; }
  bool contains(std::uint32_t offset) const { return offset >= begin && offset < end; }
  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

/// 1-based line and 1-based column (unit depends on the function that produced it).
struct LineColumn {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  friend bool operator==(const LineColumn&, const LineColumn&) = default;
};

class SourceFile {
public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return m_path; }
  std::string_view text() const { return m_text; }

  /// 1-based line and 1-based byte column of a byte offset (clamped to the text).
  LineColumn byte_position(std::uint32_t offset) const;
  /// 1-based line and 1-based column counted in UTF-16 code units (SARIF, LSP default).
  LineColumn utf16_position(std::uint32_t offset) const;
  /// 1-based line and 1-based column counted in Unicode code points.
  LineColumn code_point_position(std::uint32_t offset) const;

  /// Byte offset of a 0-based line and a 0-based column in UTF-16 or UTF-8 units (LSP input);
  /// out-of-range positions clamp to the line end / text end.
  std::uint32_t offset_from_utf16(std::uint32_t line0, std::uint32_t character) const;
  std::uint32_t offset_from_utf8(std::uint32_t line0, std::uint32_t character) const;

  std::uint32_t line_count() const { return static_cast<std::uint32_t>(m_line_starts.size()); }
  /// Text of a 1-based line without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  /// Byte offset where a 1-based line starts.
  std::uint32_t line_start(std::uint32_t line) const;

private:
  std::uint32_t line_index(std::uint32_t offset) const;

  std::string m_path;
  std::string m_text;
  std::vector<std::uint32_t> m_line_starts;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

/// A range in a particular file.
struct Location {
  SourceFilePtr file;
  SourceRange range;
};

} // namespace lint
