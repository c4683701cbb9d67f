#pragma once
// The parts of the LSP 3.17 protocol lambdalint speaks: error codes, positions and their
// encodings, URIs. Field names follow the specification. Only this layer and convert.* know
// that LSP counts columns in UTF-16 (or UTF-8 when negotiated); everything below is bytes.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lint {
class SourceFile;
}

namespace lint::lsp {

using Json = nlohmann::json;

/// JSON-RPC / LSP error codes (LSP 3.17 "ErrorCodes").
namespace error_code {
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
constexpr int server_not_initialized = -32002;
constexpr int request_failed = -32803;
} // namespace error_code

/// Thrown by handlers for a reply with an error; the server turns it into a JSON-RPC error.
struct RpcError {
  int code = error_code::internal_error;
  std::string message;
};

enum class PositionEncoding : std::uint8_t { utf16, utf8 };

std::string_view to_string(PositionEncoding encoding);

/// LSP 3.17 negotiation: the client lists what it supports in `general.positionEncodings`,
/// in preference order; UTF-16 is mandatory and the default. lambdalint prefers UTF-8 (no
/// conversion at all) whenever the client offers it.
PositionEncoding negotiate_position_encoding(const Json& client_capabilities);

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

struct Range {
  Position start;
  Position end;
  friend bool operator==(const Range&, const Range&) = default;
};

void to_json(Json& json, const Position& position);
void from_json(const Json& json, Position& position);
void to_json(Json& json, const Range& range);
void from_json(const Json& json, Range& range);

/// Byte offset of an LSP position in `text`. Lines end at \n, \r\n or a lone \r (as in
/// SourceFile). A character past the end of its line clamps to the line end; a line past the
/// end of the text clamps to the text end (LSP: "defaults back to the line length").
std::uint32_t offset_at(std::string_view text, Position position, PositionEncoding encoding);

/// LSP position of a byte offset in an analysed file.
Position position_of(const SourceFile& file, std::uint32_t offset, PositionEncoding encoding);

/// file:// URI ↔ local path, with percent-encoding of everything but unreserved characters
/// and '/'. nullopt for other schemes (untitled:, git:, ...): those buffers are not analysed.
std::optional<std::string> path_from_uri(std::string_view uri);
std::string uri_from_path(std::string_view path);

} // namespace lint::lsp
