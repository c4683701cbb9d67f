#include "support/source.h"

#include "support/text.h"

#include <algorithm>

namespace lint {
namespace {

} // namespace

SourceFile::SourceFile(std::string path, std::string text)
  : m_path(std::move(path)), m_text(std::move(text))
{
  m_line_starts.push_back(0);
  for (std::uint32_t i = 0; i < m_text.size(); ++i) {
    if (m_text[i] == '\n') {
      m_line_starts.push_back(i + 1);
    } else if (m_text[i] == '\r' && (i + 1 >= m_text.size() || m_text[i + 1] != '\n')) {
      m_line_starts.push_back(i + 1); // a lone CR ends a line too
    }
  }
}

std::uint32_t SourceFile::line_index(std::uint32_t offset) const
{
  auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  return static_cast<std::uint32_t>(it - m_line_starts.begin()) - 1;
}

LineColumn SourceFile::byte_position(std::uint32_t offset) const
{
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
  const std::uint32_t index = line_index(offset);
  return {index + 1, offset - m_line_starts[index] + 1};
}

LineColumn SourceFile::utf16_position(std::uint32_t offset) const
{
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
  const std::uint32_t index = line_index(offset);
  std::uint32_t column = 0;
  for (std::uint32_t i = m_line_starts[index]; i < offset;) {
    const std::uint32_t length = utf8_sequence_length(static_cast<unsigned char>(m_text[i]));
    column += length == 4 ? 2 : 1; // astral code points are surrogate pairs
    i += length;
  }
  return {index + 1, column + 1};
}

LineColumn SourceFile::code_point_position(std::uint32_t offset) const
{
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
  const std::uint32_t index = line_index(offset);
  std::uint32_t column = 0;
  for (std::uint32_t i = m_line_starts[index]; i < offset;) {
    i += utf8_sequence_length(static_cast<unsigned char>(m_text[i]));
    ++column;
  }
  return {index + 1, column + 1};
}

std::string_view SourceFile::line_text(std::uint32_t line) const
{
  if (line == 0 || line > m_line_starts.size()) {
    return {};
  }
  const std::uint32_t begin = m_line_starts[line - 1];
  std::uint32_t end = line < m_line_starts.size() ? m_line_starts[line] : static_cast<std::uint32_t>(m_text.size());
  while (end > begin && (m_text[end - 1] == '\n' || m_text[end - 1] == '\r')) {
    --end;
  }
  return std::string_view(m_text).substr(begin, end - begin);
}

std::uint32_t SourceFile::line_start(std::uint32_t line) const
{
  if (line == 0) {
    return 0;
  }
  if (line > m_line_starts.size()) {
    return static_cast<std::uint32_t>(m_text.size());
  }
  return m_line_starts[line - 1];
}

std::uint32_t SourceFile::offset_from_utf16(std::uint32_t line0, std::uint32_t character) const
{
  if (line0 >= m_line_starts.size()) {
    return static_cast<std::uint32_t>(m_text.size());
  }
  const std::string_view line = line_text(line0 + 1);
  const std::uint32_t begin = m_line_starts[line0];
  std::uint32_t units = 0;
  std::uint32_t i = 0;
  while (i < line.size() && units < character) {
    const std::uint32_t length = utf8_sequence_length(static_cast<unsigned char>(line[i]));
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return begin + std::min<std::uint32_t>(i, static_cast<std::uint32_t>(line.size()));
}

std::uint32_t SourceFile::offset_from_utf8(std::uint32_t line0, std::uint32_t character) const
{
  if (line0 >= m_line_starts.size()) {
    return static_cast<std::uint32_t>(m_text.size());
  }
  const std::string_view line = line_text(line0 + 1);
  return m_line_starts[line0] + std::min<std::uint32_t>(character, static_cast<std::uint32_t>(line.size()));
}

} // namespace lint
