// The LSP transport (Content-Length framing, '---' transcripts), position conversion and URIs,
// and the server's run loop on a byte stream: end of input is a clean exit.

#include "lsp/lsp_test_client.h"

#include "lsp/protocol.h"
#include "lsp/transport.h"
#include "support/source.h"

#include <doctest/doctest.h>

#include <sstream>

using lint::lsp::ContentLengthTransport;
using lint::lsp::DelimitedTransport;
using lint::lsp::Position;
using lint::lsp::PositionEncoding;
using lint::lsp::ReadResult;

namespace {

std::string frame(const std::string& body)
{
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

} // namespace

TEST_CASE("lsp transport: Content-Length framing, other headers, errors and end of input")
{
  std::istringstream in(frame(R"({"a":1})") + "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 7\r\n\r\n{\"b\":2}" +
                        "X-Nothing: 1\r\n\r\n" + frame("{}") + "Content-Length: 99999999999\r\n\r\n" + "Content-Length: 10\r\n\r\n{\"c\"");
  std::ostringstream out;
  ContentLengthTransport transport(in, out);
  ReadResult first = transport.read();
  CHECK(first.status == ReadResult::Status::message);
  CHECK(first.body == R"({"a":1})");
  CHECK(transport.read().body == R"({"b":2})"); // header names are case-insensitive
  ReadResult missing = transport.read();
  CHECK(missing.status == ReadResult::Status::framing_error);
  CHECK(missing.error == "message without a Content-Length header");
  CHECK(transport.read().body == "{}");
  ReadResult absurd = transport.read();
  CHECK(absurd.status == ReadResult::Status::framing_error);
  CHECK(absurd.error.find("exceeds the limit") != std::string::npos);
  CHECK(transport.read().status == ReadResult::Status::end); // truncated body, then nothing

  transport.write(R"({"x":"é"})");
  CHECK(out.str() == "Content-Length: 10\r\n\r\n{\"x\":\"é\"}"); // bytes, not characters
}

TEST_CASE("lsp transport: '---' delimited transcripts skip comments between messages")
{
  std::istringstream in("# a comment\n{\"a\":\n 1}\n---\n\n# another\n{\"b\":2}\n---\n{\"c\":3}\n");
  std::ostringstream out;
  DelimitedTransport transport(in, out);
  CHECK(transport.read().body == "{\"a\":\n 1}\n");
  CHECK(transport.read().body == "{\"b\":2}\n");
  CHECK(transport.read().body == "{\"c\":3}\n");
  CHECK(transport.read().status == ReadResult::Status::end);
}

TEST_CASE("lsp positions: UTF-16 and UTF-8 offsets with surrogate pairs, CRLF and clamping")
{
  const std::string text = "a: 1\r\nb: \"é😀x\"\nlast";
  // Line 1: b(0) :(1) space(2) "(3) é(4, 2 bytes) 😀(5-6 in UTF-16, 4 bytes) x(7).
  CHECK(lint::lsp::offset_at(text, {1, 7}, PositionEncoding::utf16) == text.find('x'));
  CHECK(lint::lsp::offset_at(text, {1, 10}, PositionEncoding::utf8) == text.find('x'));
  CHECK(lint::lsp::offset_at(text, {1, 100}, PositionEncoding::utf16) == text.find('\n', 6)); // clamps to the line end
  CHECK(lint::lsp::offset_at(text, {0, 4}, PositionEncoding::utf16) == 4);                     // before "\r\n"
  CHECK(lint::lsp::offset_at(text, {2, 2}, PositionEncoding::utf16) == text.size() - 2);
  CHECK(lint::lsp::offset_at(text, {9, 0}, PositionEncoding::utf16) == text.size());

  const lint::SourceFile file("f.yaml", text);
  const auto x = static_cast<std::uint32_t>(text.find('x'));
  CHECK(lint::lsp::position_of(file, x, PositionEncoding::utf16) == Position{1, 7});
  CHECK(lint::lsp::position_of(file, x, PositionEncoding::utf8) == Position{1, 10});
}

TEST_CASE("lsp URIs: percent-encoding both ways, non-file schemes refused")
{
  CHECK(lint::lsp::uri_from_path("/tmp/my dir/é.yaml") == "file:///tmp/my%20dir/%C3%A9.yaml");
  CHECK(lint::lsp::path_from_uri("file:///tmp/my%20dir/%C3%A9.yaml") == "/tmp/my dir/é.yaml");
  CHECK(lint::lsp::path_from_uri("file://localhost/etc/x.yaml") == "/etc/x.yaml");
  CHECK_FALSE(lint::lsp::path_from_uri("untitled:Untitled-1").has_value());
  CHECK_FALSE(lint::lsp::path_from_uri("file://server/share/x.yaml").has_value());
}

TEST_CASE("lsp run loop: framing errors are answered, end of input exits cleanly, exit codes")
{
  using lint::lsp::testing::TestClient;
  {
    std::istringstream in("Content-Length: x\r\n\r\n" + frame(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})"));
    std::ostringstream out;
    ContentLengthTransport transport(in, out);
    lint::lsp::Server server(TestClient::synchronous_options(), [&](const std::string& body) { transport.write(body); });
    CHECK(server.run(transport) == 0); // stdin closed: clean exit
    CHECK(out.str().find("\"code\":-32700") != std::string::npos);
    CHECK(out.str().find("\"capabilities\"") != std::string::npos);
  }
  {
    std::istringstream in(frame(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})") + frame(R"({"jsonrpc":"2.0","method":"exit"})") +
                          frame(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})"));
    std::ostringstream out;
    ContentLengthTransport transport(in, out);
    lint::lsp::Server server(TestClient::synchronous_options(), [&](const std::string& body) { transport.write(body); });
    CHECK(server.run(transport) == 1); // exit without shutdown (LSP 3.17), and nothing read after it
    CHECK(out.str().find("\"id\":2") == std::string::npos);
  }
}
