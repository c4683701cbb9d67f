// The language server against hostile clients (docs/robustness.md): malformed JSON, bad framing,
// unknown methods, out-of-range edits, edits racing the analysis worker, and a client that goes
// away mid-message. The server answers what it can, logs the rest, and never dies or hangs.
// The real binary with a closed stdout pipe is tests/lsp/lsp_disconnect.py.

#include "lsp/lsp_test_client.h"

#include "lsp/transport.h"
#include "rules/registry.h"

#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <string>

using lint::lsp::Json;
using lint::lsp::testing::TestClient;
using lint::lsp::testing::with_code;

namespace {

constexpr std::string_view k_uri = "file:///robust/template.yaml";
// LL004 (unknown property) for "Timout" on line 5 (0-based).
constexpr std::string_view k_template = "AWSTemplateFormatVersion: '2010-09-09'\n"
                                        "Resources:\n"
                                        "  Fn:\n"
                                        "    Type: AWS::Lambda::Function\n"
                                        "    Properties:\n"
                                        "      Timout: 30\n"
                                        "      Runtime: python3.12\n"
                                        "      Handler: index.handler\n"
                                        "      Role: arn:aws:iam::123456789012:role/x\n"
                                        "      Code: {ZipFile: x}\n";

std::string frame(std::string_view body)
{
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

Json position(Json line, Json character)
{
  return Json{{"line", std::move(line)}, {"character", std::move(character)}};
}

bool has_typo(const Json& diagnostics)
{
  return !with_code(diagnostics, "LL004").empty();
}

} // namespace

TEST_CASE("lsp robustness: malformed JSON of every kind gets an error or a log line, and the server lives on")
{
  TestClient client;
  client.initialize();
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const std::string bodies[] = {
    "",
    "\xFF\xFE{\"a\":1}",                                                            // not UTF-8
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"",                         // truncated
    deep,                                                                            // 100,000 deep
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":42}",                                  // method not a string
    "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"textDocument/hover\"}",            // null id
    "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\",\"params\":[1]}", // params an array
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":5}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///x.yaml\",\"text\":[]}}}",
    "null",
    "\"just a string\"",
  };
  for (const std::string& body : bodies) {
    CAPTURE(body.substr(0, 80));
    CHECK(client.send_raw(body));
  }
  CHECK(client.request("no/such/method")["error"]["code"] == lint::lsp::error_code::method_not_found);
  CHECK(client.request("$/no/such/request")["error"]["code"] == lint::lsp::error_code::method_not_found);
  client.notify("no/such/notification", Json::array({1, 2}));
  CHECK_FALSE(client.log_text().empty());

  client.open(std::string(k_uri), std::string(k_template));
  CHECK(has_typo(client.diagnostics(std::string(k_uri))));
}

TEST_CASE("lsp robustness: bad Content-Length headers are framing errors, the next good message is read")
{
  const std::string open = Json{{"jsonrpc", "2.0"},
                                {"method", "textDocument/didOpen"},
                                {"params", {{"textDocument", {{"uri", k_uri}, {"languageId", "yaml"}, {"version", 1}, {"text", k_template}}}}}}
                             .dump();
  const std::string initialize = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})";
  std::string stream = frame(initialize) + frame(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  stream += "Content-Length: -5\r\n\r\n";
  stream += "Content-Length: 12abc\r\n\r\n";
  stream += "Content-Length: 184467440737095516160\r\n\r\n"; // beyond 64 bits
  stream += "no colon here\r\n\r\n";
  stream += "Content-Length: 3\r\n\r\n{x}";                  // framed, but not JSON
  stream += "X-Endless: " + std::string(1 << 20, 'h') + "\r\n\r\n"; // a 1 MiB header line: dropped past 4 KiB
  stream += frame(open);
  stream += "Content-Length: 1000\r\n\r\n{\"jsonrpc\":";     // the client disappears mid-message

  std::vector<Json> sent;
  lint::lsp::ServerOptions options = TestClient::synchronous_options();
  lint::lsp::Server server(std::move(options), [&](const std::string& body) { sent.push_back(Json::parse(body)); });
  std::istringstream in(stream);
  std::ostringstream out;
  lint::lsp::ContentLengthTransport transport(in, out);
  const auto start = std::chrono::steady_clock::now();
  CHECK(server.run(transport) == 0); // end of input is a clean exit
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));

  int parse_errors = 0;
  bool published = false;
  for (const Json& message : sent) {
    if (message.contains("error") && message["error"]["code"] == lint::lsp::error_code::parse_error) {
      ++parse_errors;
    }
    if (message.value("method", "") == "textDocument/publishDiagnostics" && has_typo(message["params"]["diagnostics"])) {
      published = true;
    }
  }
  CHECK(parse_errors >= 6);
  CHECK(published);
}

TEST_CASE("lsp robustness: out-of-range and inverted positions in didChange clamp, hover outside the text is empty")
{
  TestClient client;
  client.initialize();
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template), 1);
  REQUIRE(has_typo(client.diagnostics(uri)));

  const Json huge = 4294967295LL;
  const Json edits[] = {
    // Past the end of the text: appends.
    {{"range", {{"start", position(1000000, 0)}, {"end", position(huge, huge)}}}, {"text", "# appended\n"}},
    // Past the end of a line: clamps to the line end.
    {{"range", {{"start", position(0, 1000)}, {"end", position(0, 2000)}}}, {"text", ""}},
    // End before start: an insertion at the start.
    {{"range", {{"start", position(2, 5)}, {"end", position(1, 0)}}}, {"text", ""}},
    // Negative numbers (wrap to huge unsigned values): clamp too.
    {{"range", {{"start", position(-1, -1)}, {"end", position(-1, -1)}}}, {"text", ""}},
  };
  std::int64_t version = 2;
  for (const Json& edit : edits) {
    CAPTURE(edit.dump());
    client.change(uri, version++, Json::array({edit}));
  }
  // Mistyped positions are invalid params: logged, the document unchanged.
  client.change(uri, version++, Json::array({{{"range", {{"start", position("a", 0)}, {"end", position(0, 0)}}}, {"text", "zzz"}}}));
  const Json diagnostics = client.diagnostics(uri);
  CHECK(has_typo(diagnostics)); // the template survived every edit
  for (const Json& diagnostic : diagnostics) {
    CHECK(diagnostic["range"]["start"]["line"].get<int>() < 20);
  }
  const Json hover = client.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", position(huge, huge)}});
  CHECK_FALSE(hover.contains("error"));
  const Json action = client.request(
    "textDocument/codeAction",
    {{"textDocument", {{"uri", uri}}}, {"range", {{"start", position(huge, 0)}, {"end", position(0, 0)}}}, {"context", {{"diagnostics", Json::array()}}}});
  CHECK_FALSE(action.contains("error"));
}

TEST_CASE("lsp robustness: rapid edits racing the background worker end with the newest version's diagnostics")
{
  lint::lsp::ServerOptions options;
  options.scheduling = lint::lsp::Scheduler::Mode::background;
  options.rules = lint::rules::all();
  TestClient client(std::move(options));
  client.initialize(Json::object(), {{"asOf", "2025-06-01"}, {"debounceMs", 0}});
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template), 1);
  // 300 edits toggling the typo (Timout ↔ Timeout) while the worker analyses: with no debounce
  // many analyses start and go stale under the edits.
  std::int64_t version = 1;
  for (int i = 0; i < 300; ++i) {
    const bool fix = i % 2 == 0; // insert the 'e' of Timeout, or delete it again
    client.change(uri, ++version, Json::array({{{"range", {{"start", position(5, 9)}, {"end", position(5, fix ? 9 : 10)}}}, {"text", fix ? "e" : ""}}}));
  }
  client.server().wait_idle();
  const std::vector<Json> published = client.publications(uri);
  REQUIRE_FALSE(published.empty());
  std::int64_t last = 0;
  for (const Json& publication : published) {
    CHECK(publication["version"].get<std::int64_t>() >= last); // never an older version after a newer one
    last = publication["version"].get<std::int64_t>();
  }
  CHECK(last == version);
  // The last edit (i = 299, odd) removed the 'e' again: the typo is back.
  CHECK(has_typo(published.back()["diagnostics"]));
}

TEST_CASE("lsp robustness: the client disappearing mid-message while analyses are queued ends run() promptly")
{
  lint::lsp::ServerOptions options;
  options.scheduling = lint::lsp::Scheduler::Mode::background;
  options.rules = lint::rules::all();
  std::string stream = frame(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"initializationOptions":{"debounceMs":500}}})");
  for (int i = 0; i < 20; ++i) {
    const Json open{{"jsonrpc", "2.0"},
                    {"method", "textDocument/didOpen"},
                    {"params", {{"textDocument", {{"uri", "file:///robust/t" + std::to_string(i) + ".yaml"}, {"languageId", "yaml"}, {"version", 1}, {"text", k_template}}}}}};
    stream += frame(open.dump());
  }
  stream += "Content-Length: 50\r\n\r\n{\"jsonrpc\":\"2.0\",\"meth"; // EOF inside the body
  std::istringstream in(stream);
  std::ostringstream out;
  const auto start = std::chrono::steady_clock::now();
  {
    lint::lsp::Server server(std::move(options), [](const std::string&) {});
    lint::lsp::ContentLengthTransport transport(in, out);
    CHECK(server.run(transport) == 0);
  } // the destructor joins the worker: no hang with queued, debounced analyses
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

TEST_CASE("lsp robustness: after a too small, negative, missing or huge Content-Length, every later message is read")
{
  const std::string good1 = R"({"jsonrpc":"2.0","method":"one"})";
  const std::string good2 = R"({"jsonrpc":"2.0","method":"two"})";
  const std::string good3 = R"({"jsonrpc":"2.0","method":"three"})";
  const std::string good4 = R"({"jsonrpc":"2.0","method":"four"})";
  const std::string good5 = R"({"jsonrpc":"2.0","method":"five"})";
  // Each bad frame's leftover bytes end without a line break and run into the next header.
  std::string stream = "Content-Length: 5\r\n\r\n" + good1 + frame(good1);     // too small: the rest of the body is left over
  stream += "Content-Length: -5\r\n\r\n" + good2 + frame(good2);              // negative
  stream += "Content-Type: x\r\n\r\n" + good3 + frame(good3);                 // missing
  stream += "Content-Length: 1000000000000\r\n\r\n" + good4 + frame(good4);   // 10^12: must not swallow the rest
  stream += "content-length: 3\r\n\r\n{\"a" + std::string(10'000, 'b') + frame(good5); // long garbage, no line break
  std::istringstream in(stream);
  std::ostringstream out;
  lint::lsp::ContentLengthTransport transport(in, out);
  std::vector<std::string> bodies;
  int framing_errors = 0;
  for (int guard = 0; guard < 100; ++guard) {
    const lint::lsp::ReadResult result = transport.read();
    if (result.status == lint::lsp::ReadResult::Status::end) {
      break;
    }
    if (result.status == lint::lsp::ReadResult::Status::framing_error) {
      ++framing_errors;
    } else if (result.body.find("\"method\"") != std::string::npos && result.body.starts_with("{\"jsonrpc")) {
      bodies.push_back(result.body);
    }
  }
  CHECK(bodies == std::vector<std::string>{good1, good2, good3, good4, good5});
  CHECK(framing_errors >= 3); // negative, missing, huge (a too small length reads a short body)
}
