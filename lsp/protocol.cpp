#include "lsp/protocol.h"

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

namespace {

int hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

} // namespace

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
  std::string path;
  path.reserve(uri.size());
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() + 0 && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
      path += static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
      i += 2;
    } else if (uri[i] == '?' || uri[i] == '#') {
      break;
    } else {
      path += uri[i];
    }
  }
  return path;
}

std::string uri_from_path(std::string_view path)
{
  std::string uri = "file://";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += c;
    } else {
      uri += fmt::format("%{:02X}", byte);
    }
  }
  return uri;
}

} // namespace lint::lsp
