#include "lsp/protocol.h"

#include "support/percent.h"
#include "support/source.h"
#include "support/text.h"

#include <fmt/format.h>

namespace lint::lsp {

std::string_view to_string(PositionEncoding encoding)
{
  return encoding == PositionEncoding::utf8 ? "utf-8" : "utf-16";
}

PositionEncoding negotiate_position_encoding(const Json& client_capabilities)
{
  const Json* general = client_capabilities.is_object() && client_capabilities.contains("general")
                          ? &client_capabilities["general"]
                          : nullptr;
  if (general == nullptr || !general->is_object() || !general->contains("positionEncodings")) {
    return PositionEncoding::utf16;
  }
  const Json& offered = (*general)["positionEncodings"];
  if (!offered.is_array()) {
    return PositionEncoding::utf16;
  }
  for (const Json& encoding : offered) {
    if (encoding.is_string() && encoding.get<std::string>() == "utf-8") {
      return PositionEncoding::utf8;
    }
  }
  return PositionEncoding::utf16;
}

void to_json(Json& json, const Position& position)
{
  json = Json{{"line", position.line}, {"character", position.character}};
}

void from_json(const Json& json, Position& position)
{
  json.at("line").get_to(position.line);
  json.at("character").get_to(position.character);
}

void to_json(Json& json, const Range& range)
{
  json = Json{{"start", range.start}, {"end", range.end}};
}

void from_json(const Json& json, Range& range)
{
  json.at("start").get_to(range.start);
  json.at("end").get_to(range.end);
}

std::uint32_t offset_at(std::string_view text, Position position, PositionEncoding encoding)
{
  const auto size = static_cast<std::uint32_t>(text.size());
  std::uint32_t offset = 0;
  for (std::uint32_t line = 0; line < position.line; ++line) {
    while (offset < size && text[offset] != '\n' && text[offset] != '\r') {
      ++offset;
    }
    if (offset >= size) {
      return size;
    }
    offset += (text[offset] == '\r' && offset + 1 < size && text[offset + 1] == '\n') ? 2 : 1;
  }
  std::uint32_t units = 0;
  while (offset < size && units < position.character && text[offset] != '\n' && text[offset] != '\r') {
    const std::uint32_t length = utf8_sequence_length(static_cast<unsigned char>(text[offset]));
    if (encoding == PositionEncoding::utf8) {
      units += length;
    } else {
      units += length == 4 ? 2 : 1; // astral code points are surrogate pairs in UTF-16
    }
    offset = std::min(size, offset + length);
  }
  return offset;
}

Position position_of(const SourceFile& file, std::uint32_t offset, PositionEncoding encoding)
{
  const LineColumn at = encoding == PositionEncoding::utf8 ? file.byte_position(offset) : file.utf16_position(offset);
  return {at.line - 1, at.column - 1};
}

std::optional<std::string> path_from_uri(std::string_view uri)
{
  constexpr std::string_view scheme = "file://";
  if (!uri.starts_with(scheme)) {
    return std::nullopt;
  }
  uri.remove_prefix(scheme.size());
  // "file://host/path": only the empty host and localhost are local files.
  if (uri.starts_with("localhost/")) {
    uri.remove_prefix(std::string_view("localhost").size());
  }
  if (!uri.starts_with('/')) {
    return std::nullopt;
  }
  // The query and fragment are not part of the path; escapes decode after the cut, so an encoded
  // '?' (%3F) is a character of the file name.
  uri = uri.substr(0, uri.find_first_of("?#"));
  return percent_decode(uri);
}

std::string uri_from_path(std::string_view path)
{
  return "file://" + percent_encode_path(path);
}

} // namespace lint::lsp
