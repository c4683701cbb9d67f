// Protocol tests of the language server, in process and synchronous (no thread, no debounce),
// so every publishDiagnostics is checked deterministically (clangd's LSPTest).

#include "lsp/lsp_test_client.h"

#include "lsp/command.h"
#include "lsp/convert.h"
#include "analyzer/baseline.h"
#include "analyzer/driver.h"
#include "rules/registry.h"
#include "tests/test_files.h"

#include <unistd.h>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

namespace fs = std::filesystem;
using lint::lsp::Json;
using lint::lsp::testing::TestClient;
using lint::lsp::testing::with_code;

namespace {

constexpr std::string_view k_uri = "file:///project/template.yaml";

// Line 5 (0-based) holds multi-byte text before the misspelt key "Kee": é is 2 bytes and 1
// UTF-16 unit, 😀 is 4 bytes and 2 UTF-16 units (a surrogate pair). "Kee" starts at byte 41,
// UTF-16 unit 38. Line 6 misspells Timeout.
constexpr std::string_view k_template = R"(AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Tags: [{Key: "é😀", Value: x}, {Kee: y, Value: z}]
      Timout: 30
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {ZipFile: x}
)";

Json range(std::uint32_t line, std::uint32_t start, std::uint32_t end)
{
  return Json{{"start", {{"line", line}, {"character", start}}}, {"end", {{"line", line}, {"character", end}}}};
}

Json range(std::uint32_t start_line, std::uint32_t start, std::uint32_t end_line, std::uint32_t end)
{
  return Json{{"start", {{"line", start_line}, {"character", start}}}, {"end", {{"line", end_line}, {"character", end}}}};
}

Json find_kee(const Json& diagnostics)
{
  for (const Json& diagnostic : with_code(diagnostics, "LL004")) {
    if (diagnostic["message"].get<std::string>().find("Kee") != std::string::npos) {
      return diagnostic;
    }
  }
  FAIL("no LL004 diagnostic for Kee");
  return nullptr;
}

} // namespace

TEST_CASE("lsp: requests before initialize are refused, after it they work")
{
  TestClient client;
  const Json early = client.request("textDocument/hover", {{"textDocument", {{"uri", k_uri}}}, {"position", {{"line", 0}, {"character", 0}}}});
  CHECK(early["error"]["code"] == lint::lsp::error_code::server_not_initialized);

  const Json response = client.initialize();
  const Json& capabilities = response["result"]["capabilities"];
  CHECK(capabilities["positionEncoding"] == "utf-16"); // the default when nothing is offered
  CHECK(capabilities["textDocumentSync"]["change"] == 2);
  CHECK(capabilities["hoverProvider"] == true);
  CHECK(capabilities["codeActionProvider"]["codeActionKinds"] == Json::array({"quickfix"}));
  CHECK_FALSE(capabilities.contains("diagnosticProvider")); // the client cannot pull
  CHECK(response["result"]["serverInfo"]["name"] == "lambdalint");

  CHECK(client.request("initialize")["error"]["code"] == lint::lsp::error_code::invalid_request);
  CHECK(client.request("no/such/method")["error"]["code"] == lint::lsp::error_code::method_not_found);
  CHECK(client.request("shutdown")["result"].is_null());
  CHECK(client.request("textDocument/hover")["error"]["code"] == lint::lsp::error_code::invalid_request);
  CHECK_FALSE(client.send_raw(R"({"jsonrpc":"2.0","method":"exit"})"));
}

TEST_CASE("lsp: malformed messages get JSON-RPC errors and a log line, and the server lives on")
{
  TestClient client;
  client.initialize();
  CHECK(client.send_raw("{not json"));
  CHECK(client.send_raw("[1,2]"));
  CHECK(client.send_raw(R"({"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"})"));
  const Json bad_params = client.request("textDocument/hover", {{"textDocument", {{"uri", k_uri}}}}); // no position
  CHECK(bad_params["error"]["code"] == lint::lsp::error_code::invalid_params);
  const Json not_a_file = client.request("textDocument/hover", {{"textDocument", {{"uri", "untitled:1"}}}, {"position", {{"line", 0}, {"character", 0}}}});
  CHECK(not_a_file["error"]["code"] == lint::lsp::error_code::invalid_params);
  client.notify("textDocument/didChange", {{"textDocument", {{"uri", k_uri}, {"version", 2}}}, {"contentChanges", Json::array()}});
  client.notify("unknown/notification");

  std::vector<int> codes;
  for (const Json& params : client.notifications("window/logMessage")) {
    codes.push_back(params["type"].get<int>());
  }
  const std::string log = client.log_text();
  CHECK(log.find("malformed JSON") != std::string::npos);
  CHECK(log.find("must be an object") != std::string::npos);
  CHECK(log.find("not open") != std::string::npos);
  CHECK(log.find("unknown/notification") != std::string::npos);

  // Still serving.
  client.open(std::string(k_uri), std::string(k_template));
  CHECK_FALSE(client.diagnostics(std::string(k_uri)).empty());
}

TEST_CASE("lsp: didOpen publishes exact UTF-16 ranges on a line with multi-byte text")
{
  TestClient client;
  client.initialize();
  client.open(std::string(k_uri), std::string(k_template), 7);
  const std::vector<Json> published = client.publications(std::string(k_uri));
  REQUIRE(published.size() == 1);
  CHECK(published[0]["version"] == 7);
  const Json kee = find_kee(published[0]["diagnostics"]);
  CHECK(kee["range"] == range(5, 38, 41));
  CHECK(kee["severity"] == 1);
  CHECK(kee["source"] == "lambdalint");
  CHECK(kee["codeDescription"]["href"] == "https://github.com/lambdalint/lambdalint/blob/main/docs/rules/LL004.md");
  CHECK(kee["data"]["fix"]["title"] == "Rename 'Kee' to 'Key'");
  CHECK(kee["data"]["fix"]["edits"][0]["range"] == range(5, 38, 41));
  CHECK(kee["data"]["fix"]["edits"][0]["newText"] == "Key");
}

TEST_CASE("lsp: UTF-8 is negotiated when offered and ranges count bytes")
{
  TestClient client;
  const Json response = client.initialize({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}});
  CHECK(response["result"]["capabilities"]["positionEncoding"] == "utf-8");
  client.open(std::string(k_uri), std::string(k_template));
  CHECK(find_kee(client.diagnostics(std::string(k_uri)))["range"] == range(5, 41, 44));

  // Incoming positions are UTF-8 too: replace "Kee" (bytes 41-44) with "Key".
  client.change(std::string(k_uri), 2, Json::array({{{"range", range(5, 41, 44)}, {"text", "Key"}}}));
  for (const Json& diagnostic : with_code(client.diagnostics(std::string(k_uri)), "LL004")) {
    CHECK(diagnostic["message"].get<std::string>().find("Kee") == std::string::npos);
  }
}

TEST_CASE("lsp: incremental and full changes, versions, and didClose clears")
{
  TestClient client;
  client.initialize();
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template), 1);
  CHECK(with_code(client.diagnostics(uri), "LL004").size() == 2);

  // UTF-16 range edit after the multi-byte characters: "Kee" → "Key".
  client.change(uri, 5, Json::array({{{"range", range(5, 38, 41)}, {"text", "Key"}}}));
  // Several edits in one notification apply in order: insert the missing 'e' of "Timout".
  client.change(uri, 9, Json::array({{{"range", range(6, 9, 9)}, {"text", "X"}}, {{"range", range(6, 9, 10)}, {"text", "e"}}}));
  const std::vector<Json> published = client.publications(uri);
  REQUIRE(published.size() == 3);
  CHECK(published[1]["version"] == 5);
  CHECK(with_code(published[1]["diagnostics"], "LL004").size() == 1);
  CHECK(published[2]["version"] == 9);
  CHECK(with_code(published[2]["diagnostics"], "LL004").empty());

  // Full sync: a change without a range replaces the text.
  client.change(uri, 10, Json::array({{{"text", std::string(k_template)}}}));
  CHECK(with_code(client.diagnostics(uri), "LL004").size() == 2);

  client.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  CHECK(client.diagnostics(uri).empty());
  CHECK_FALSE(client.publications(uri).back().contains("version"));
}

TEST_CASE("lsp: a non-template YAML file gets empty diagnostics, not errors")
{
  TestClient client;
  client.initialize();
  client.open("file:///project/compose.yaml", "services:\n  web:\n    image: nginx\n");
  CHECK(client.diagnostics("file:///project/compose.yaml").empty());
}

TEST_CASE("lsp: code actions carry the fix and an ignore comment with the line's indentation")
{
  TestClient client;
  client.initialize({{"workspace", {{"workspaceEdit", {{"documentChanges", true}}}}}});
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template), 3);
  Json timout;
  for (const Json& diagnostic : with_code(client.diagnostics(uri), "LL004")) {
    if (diagnostic["message"].get<std::string>().find("Timout") != std::string::npos) {
      timout = diagnostic;
    }
  }
  REQUIRE(timout.is_object());
  const Json response = client.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                                   {"range", timout["range"]},
                                                                   {"context", {{"diagnostics", Json::array({timout})}}}});
  const Json& actions = response["result"];
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["title"] == "Rename 'Timout' to 'Timeout'");
  CHECK(actions[0]["kind"] == "quickfix");
  CHECK(actions[0]["isPreferred"] == false); // unsafe fix
  const Json& change = actions[0]["edit"]["documentChanges"][0];
  CHECK(change["textDocument"] == Json{{"uri", uri}, {"version", 3}});
  CHECK(change["edits"][0] == Json{{"range", range(6, 6, 12)}, {"newText", "Timeout"}});

  CHECK(actions[1]["title"] == "Ignore LL004 here");
  const Json& insert = actions[1]["edit"]["documentChanges"][0]["edits"][0];
  CHECK(insert["range"] == range(6, 0, 0));
  CHECK(insert["newText"] == "      # lambdalint:ignore LL004\n");

  // A client asking only for other kinds gets nothing.
  const Json refactor = client.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                                   {"range", timout["range"]},
                                                                   {"context", {{"diagnostics", Json::array({timout})}, {"only", {"refactor"}}}}});
  CHECK(refactor["result"].empty());
}

TEST_CASE("lsp: JSON templates get no comment suppression, clients without documentChanges get changes")
{
  TestClient client;
  client.initialize();
  const std::string uri = "file:///project/template.json";
  client.open(uri, R"({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Timout": 3}}}})");
  const Json diagnostic = with_code(client.diagnostics(uri), "LL004").at(0);
  const Json actions = client.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                                  {"range", diagnostic["range"]},
                                                                  {"context", {{"diagnostics", Json::array({diagnostic})}}}})["result"];
  REQUIRE(actions.size() == 1);
  CHECK(actions[0]["edit"]["changes"][uri][0]["newText"] == "\"Timeout\""); // the key's quotes are part of its range
}

TEST_CASE("lsp: hover explains the rule on a diagnostic and documents types and properties")
{
  TestClient client;
  client.initialize();
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template) + "  # lambdalint:ignore LL501 reason\n");
  auto hover = [&](std::uint32_t line, std::uint32_t character) {
    return client.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", line}, {"character", character}}}})["result"];
  };
  const Json on_finding = hover(6, 8); // inside "Timout"
  const std::string rule_text = on_finding["contents"]["value"];
  CHECK(on_finding["contents"]["kind"] == "markdown");
  CHECK(rule_text.find("**LL004** `unknown-property`") != std::string::npos);
  CHECK(rule_text.find("## What it does") != std::string::npos);
  CHECK(on_finding["range"] == range(6, 6, 12));

  const Json on_type = hover(3, 14);
  const std::string type_text = on_type["contents"]["value"];
  CHECK(type_text.find("**AWS::Lambda::Function**") != std::string::npos);
  CHECK(type_text.find("Required properties:* Code, Role") != std::string::npos);
  CHECK(type_text.find("https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html") != std::string::npos);

  const Json on_property = hover(7, 8); // "Runtime"
  const std::string property_text = on_property["contents"]["value"];
  CHECK(property_text.find("**Runtime** — property of `AWS::Lambda::Function`") != std::string::npos);
  CHECK(property_text.find("*Type:* string · *Required:* no") != std::string::npos);
  CHECK(property_text.find("#cfn-lambda-function-runtime") != std::string::npos);

  const Json nested = hover(5, 38); // "Kee" is a finding; "Key" at 14 is a property of the Tag type
  CHECK(std::string(nested["contents"]["value"]).find("LL004") != std::string::npos);
  const Json tag_key = hover(5, 15);
  CHECK(std::string(tag_key["contents"]["value"]).find("**Key** — property of `Tag`") != std::string::npos);

  const Json on_comment = hover(11, 25); // "LL501" in the suppression comment
  CHECK(std::string(on_comment["contents"]["value"]).find("**LL501**") != std::string::npos);

  CHECK(hover(0, 3).is_null()); // AWSTemplateFormatVersion: nothing to say
}

TEST_CASE("lsp: pull diagnostics when the client offers them, with unchanged results")
{
  TestClient client;
  const Json response = client.initialize({{"textDocument", {{"diagnostic", {{"dynamicRegistration", false}}}}}});
  const Json& provider = response["result"]["capabilities"]["diagnosticProvider"];
  CHECK(provider["identifier"] == "lambdalint");
  CHECK(provider["workspaceDiagnostics"] == false);
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template), 4);
  CHECK(client.publications(uri).empty()); // pulled, not pushed: no duplicates in VS Code

  const Json first = client.request("textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}})["result"];
  CHECK(first["kind"] == "full");
  CHECK(find_kee(first["items"])["range"] == range(5, 38, 41));
  const Json again = client.request("textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}, {"previousResultId", first["resultId"]}})["result"];
  CHECK(again["kind"] == "unchanged");
  CHECK(again["resultId"] == first["resultId"]);

  client.change(uri, 5, Json::array({{{"range", range(5, 38, 41)}, {"text", "Key"}}}));
  const Json after = client.request("textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}, {"previousResultId", first["resultId"]}})["result"];
  CHECK(after["kind"] == "full");
  CHECK(with_code(after["items"], "LL004").size() == 1);
}

TEST_CASE("lsp: settings from initializationOptions and didChangeConfiguration select rules")
{
  TestClient client;
  // LL501 is opt-in hardening: the settings enable it.
  client.initialize(Json::object(), {{"asOf", "2025-06-01"}, {"rules", {{"disable", {"LL004"}}, {"enable", {"LL501"}}}}, {"colour", "red"}});
  CHECK(client.log_text().find("unknown setting 'colour'") != std::string::npos);
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template));
  CHECK(with_code(client.diagnostics(uri), "LL004").empty());
  CHECK_FALSE(with_code(client.diagnostics(uri), "LL501").empty());

  // VS Code nests the section under its name; the change re-analyses open documents at once.
  client.notify("workspace/didChangeConfiguration", {{"settings", {{"lambdalint", {{"rules", {{"disable", {"function-outside-vpc"}}}}}}}}});
  CHECK(with_code(client.diagnostics(uri), "LL004").size() == 2);
  CHECK(with_code(client.diagnostics(uri), "LL501").empty());

  client.notify("workspace/didChangeConfiguration", {{"settings", {{"rules", {{"disable", {"LL9999"}}}}}}});
  CHECK(client.log_text().find("'LL9999' is not a rule id") != std::string::npos);
}

TEST_CASE("lsp: an exception inside analysis is a log line and an error reply, never a dead server")
{
  auto options = TestClient::synchronous_options();
  int calls = 0;
  options.analyzer = [&calls](const lint::lsp::UnitSnapshot&) -> lint::lsp::UnitAnalysis {
    ++calls;
    throw std::runtime_error("boom");
  };
  TestClient client(std::move(options));
  client.initialize();
  client.open(std::string(k_uri), std::string(k_template));
  CHECK(calls == 1);
  CHECK(client.log_text().find("analysis of /project/template.yaml failed: boom") != std::string::npos);
  CHECK(client.publications(std::string(k_uri)).empty());
  const Json hover = client.request("textDocument/hover", {{"textDocument", {{"uri", k_uri}}}, {"position", {{"line", 3}, {"character", 14}}}});
  CHECK(hover["error"]["code"] == lint::lsp::error_code::request_failed);
  CHECK(client.request("shutdown")["result"].is_null());
}

TEST_CASE("lsp: a Terraform file is analysed with its module directory, buffers over disk")
{
  const fs::path module = fs::temp_directory_path() / "lambdalint-lsp-test-module";
  fs::remove_all(module);
  fs::create_directories(module);
  std::ofstream(module / "main.tf") << "resource \"aws_lambda_function\" \"f\" {\n  timeout = 900 # bad\n}\n";
  std::ofstream(module / "variables.tf") << "variable \"x\" { default = \"bad\" }\n";
  std::ofstream(module / "README.md") << "not part of the module\n";

  // A stand-in for the Terraform frontend: reports every "bad" in every file of the unit, so the
  // test sees which files (and which text: buffer or disk) the unit was analysed with.
  std::vector<std::vector<std::string>> seen;
  auto options = TestClient::synchronous_options();
  options.terraform = [&seen](const lint::lsp::UnitSnapshot& snapshot) {
    lint::lsp::UnitAnalysis analysis;
    std::vector<std::string> names;
    for (const lint::lsp::FileSnapshot& file : snapshot.files) {
      names.push_back(fs::path(file.path).filename().string() + (file.version ? "@buffer" : "@disk"));
      auto source = std::make_shared<const lint::SourceFile>(file.path, file.text);
      std::vector<lint::Finding> findings;
      for (auto at = file.text.find("bad"); at != std::string::npos; at = file.text.find("bad", at + 1)) {
        lint::Finding finding;
        finding.rule_id = "LL004";
        finding.message = "bad";
        finding.primary = {source, {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + 3)}};
        findings.push_back(std::move(finding));
      }
      analysis.files.push_back({file.path, std::move(findings)});
    }
    seen.push_back(names);
    return analysis;
  };
  TestClient client(std::move(options));
  client.initialize();
  const std::string main_uri = lint::lsp::uri_from_path((module / "main.tf").string());
  const std::string variables_uri = lint::lsp::uri_from_path((module / "variables.tf").string());

  client.open(main_uri, "resource \"aws_lambda_function\" \"f\" {\n  timeout = 3\n}\n");
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == std::vector<std::string>{"main.tf@buffer", "variables.tf@disk"});
  CHECK(client.diagnostics(main_uri).empty());           // the buffer, not the disk, was analysed
  CHECK(client.diagnostics(variables_uri).size() == 1);   // published for a file that is not open
  CHECK(client.publications(variables_uri)[0].contains("version") == false);

  // Opening the second file overlays it; fixing it clears its diagnostics.
  client.open(variables_uri, "variable \"x\" { default = \"bad\" }\n", 1);
  client.change(variables_uri, 2, Json::array({{{"text", "variable \"x\" { default = \"good\" }\n"}}}));
  CHECK(client.diagnostics(variables_uri).empty());

  // Closing one file republishes it empty; the module's other buffer is analysed again with the
  // closed file read from disk, whose diagnostics come back (it is still part of the unit).
  client.notify("textDocument/didClose", {{"textDocument", {{"uri", variables_uri}}}});
  CHECK(seen.back() == std::vector<std::string>{"main.tf@buffer", "variables.tf@disk"});
  CHECK(client.diagnostics(variables_uri).size() == 1);

  // Closing the last buffer clears every file of the unit.
  client.notify("textDocument/didClose", {{"textDocument", {{"uri", main_uri}}}});
  CHECK(client.diagnostics(main_uri).empty());
  CHECK(client.diagnostics(variables_uri).empty());
  fs::remove_all(module);
}

TEST_CASE("lsp: a .tf buffer is analysed with its module directory, the buffer winning over the disk")
{
  const std::filesystem::path module = std::filesystem::temp_directory_path() / fmt::format("lambdalint-lsp-tf-{}", ::getpid());
  std::filesystem::create_directories(module);
  const auto write = [&](const std::string& name, const std::string& text) { std::ofstream(module / name) << text; };
  write("main.tf", "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  reserved_concurrent_executions = 5\n}\n");
  write("queue.tf", "resource \"aws_sqs_queue\" \"q\" {\n  visibility_timeout_seconds = 1\n}\n"
                    "resource \"aws_lambda_event_source_mapping\" \"m\" {\n"
                    "  event_source_arn = aws_sqs_queue.q.arn\n  function_name = aws_lambda_function.f.arn\n}\n");
  TestClient client;
  client.initialize();
  const std::string uri = "file://" + (module / "main.tf").string();
  const std::string queue_uri = "file://" + (module / "queue.tf").string();
  // Unsaved: reserved concurrency 0 (LL702 on line 3), while the disk still says 5.
  client.open(uri, "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  reserved_concurrent_executions = 0\n}\n");
  const Json zero = with_code(client.diagnostics(uri), "LL702");
  REQUIRE(zero.size() == 1);
  CHECK(zero[0]["range"]["start"]["line"] == 2);
  // The module's other file, never opened, is published too: its queue times out before the function (LL402).
  CHECK(with_code(client.diagnostics(queue_uri), "LL402").size() == 1);
  client.change(uri, 2, Json::array({{{"text", "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  reserved_concurrent_executions = 5\n}\n"}}}));
  CHECK(with_code(client.diagnostics(uri), "LL702").empty());
  std::filesystem::remove_all(module);
}

TEST_CASE("lsp: the project's .lambdalint.yaml applies over the editor's settings")
{
  const std::filesystem::path project = std::filesystem::temp_directory_path() / fmt::format("lambdalint-lsp-config-{}", ::getpid());
  std::filesystem::create_directories(project / ".git"); // the repository root bounds the search
  std::ofstream(project / ".lambdalint.yaml") << "disable: [LL004]\n";
  lint::lsp::ServerOptions options = TestClient::synchronous_options();
  options.configure = lint::lsp::configure_from_project_file;
  TestClient client(std::move(options));
  client.initialize();
  const std::string text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
                           "    Properties:\n      Timout: 30\n      Runtime: python3.8\n"; // LL801: deprecated
  const std::string configured = "file://" + (project / "template.yaml").string();
  client.open(configured, text);
  CHECK(with_code(client.diagnostics(configured), "LL004").empty());
  CHECK_FALSE(client.diagnostics(configured).empty()); // the other rules still run
  // Outside the project the same text gets LL004.
  const std::string elsewhere = "file:///nonexistent-project/template.yaml";
  client.open(elsewhere, text);
  CHECK(with_code(client.diagnostics(elsewhere), "LL004").size() == 1);
  // An edited configuration file applies at the next analysis.
  std::ofstream(project / ".lambdalint.yaml") << "disable: [LL501]\n";
  std::filesystem::last_write_time(project / ".lambdalint.yaml",
                                   std::filesystem::last_write_time(project / ".lambdalint.yaml") + std::chrono::seconds(2));
  client.change(configured, 2, Json::array({{{"text", text}}}));
  CHECK(with_code(client.diagnostics(configured), "LL004").size() == 1);
  CHECK(with_code(client.diagnostics(configured), "LL501").empty());
  std::filesystem::remove_all(project);
}

TEST_CASE("lsp: background mode debounces, drops stale results and never publishes an older version")
{
  // The first analysis blocks until the test has sent a newer version: its result is stale.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  std::atomic<int> calls{0};
  lint::lsp::ServerOptions options;
  options.scheduling = lint::lsp::Scheduler::Mode::background;
  options.analyzer = [&](const lint::lsp::UnitSnapshot& snapshot) {
    if (calls++ == 0) {
      started.set_value();
      released.wait();
    }
    return lint::lsp::analyze_unit(snapshot, lint::rules::all());
  };
  TestClient client(std::move(options));
  client.initialize(Json::object(), {{"asOf", "2025-06-01"}, {"debounceMs", 50}});
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template), 1);
  started.get_future().wait(); // the worker is analysing version 1
  // Versions 2..4 arrive faster than the debounce: only the newest is analysed.
  client.change(uri, 2, Json::array({{{"range", range(5, 38, 41)}, {"text", "Key"}}}));
  client.change(uri, 3, Json::array({{{"range", range(6, 9, 9)}, {"text", "e"}}}));
  client.change(uri, 4, Json::array({{{"range", range(0, 0, 0)}, {"text", "# edited\n"}}}));
  release.set_value();
  client.server().wait_idle();

  const std::vector<Json> published = client.publications(uri);
  REQUIRE(published.size() == 1); // version 1 was stale when it finished: dropped
  CHECK(published[0]["version"] == 4);
  CHECK(with_code(published[0]["diagnostics"], "LL004").empty());
  CHECK(calls.load() == 2);
}

namespace {

/// `text` with `insert` placed at the start of 0-based line `line` (a code action's edit).
std::string insert_at_line(std::string text, std::size_t line, const std::string& insert)
{
  std::size_t at = 0;
  for (std::size_t i = 0; i < line; ++i) {
    at = text.find('\n', at) + 1;
  }
  return text.insert(at, insert);
}

std::vector<std::string> ll004_messages(const Json& diagnostics)
{
  std::vector<std::string> messages;
  for (const Json& diagnostic : with_code(diagnostics, "LL004")) {
    messages.push_back(diagnostic["message"].get<std::string>());
  }
  return messages;
}

} // namespace

TEST_CASE("lsp: the ignore action's comment suppresses the diagnostic at the next analysis, as check does")
{
  TestClient client;
  client.initialize({{"workspace", {{"workspaceEdit", {{"documentChanges", true}}}}}});
  const std::string uri(k_uri);
  client.open(uri, std::string(k_template), 1);
  const Json kee = find_kee(client.diagnostics(uri));
  const Json actions = client.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                                  {"range", kee["range"]},
                                                                  {"context", {{"diagnostics", Json::array({kee})}}}})["result"];
  REQUIRE(actions.size() == 2); // the rename to Key, and the ignore action
  CHECK(actions[0]["title"] == "Rename 'Kee' to 'Key'");
  CHECK(actions[1]["title"] == "Ignore LL004 here");
  const Json& insert = actions[1]["edit"]["documentChanges"][0]["edits"][0];
  REQUIRE(insert["range"] == range(5, 0, 0));
  const std::string edited = insert_at_line(std::string(k_template), 5, insert["newText"].get<std::string>());
  client.change(uri, 2, Json::array({{{"text", edited}}}));
  // Kee is suppressed (the comment designates the Tags line); Timout, one line further, is not.
  const std::vector<std::string> after = ll004_messages(client.diagnostics(uri));
  REQUIRE(after.size() == 1);
  CHECK(after[0].find("Timout") != std::string::npos);
}

TEST_CASE("lsp: findings suppressed by resource Metadata never reach the editor")
{
  TestClient client;
  client.initialize();
  const std::string uri = "file:///project/metadata.yaml";
  const std::string text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
                           "    Metadata:\n      lambdalint:\n        ignore:\n          - {rule: LL004, reason: generated by a tool we do not control}\n"
                           "    Properties:\n      Timout: 30\n      Runtime: python3.7\n";
  client.open(uri, text);
  const Json diagnostics = client.diagnostics(uri);
  CHECK(with_code(diagnostics, "LL004").empty());
  CHECK_FALSE(with_code(diagnostics, "LL801").empty()); // the function's other findings are still there
  // Without the Metadata entry, the same property is reported.
  const std::string bare = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n"
                           "    Properties:\n      Timout: 30\n      Runtime: python3.12\n";
  client.change(uri, 2, Json::array({{{"text", bare}}}));
  CHECK(with_code(client.diagnostics(uri), "LL004").size() == 1);
}

TEST_CASE("lsp: the baseline of the project's configuration hides baselined findings, includeSuppressed shows them as hints")
{
  const fs::path project = fs::temp_directory_path() / fmt::format("lambdalint-lsp-baseline-{}", ::getpid());
  fs::create_directories(project / ".git"); // the repository root bounds the configuration search
  const fs::path template_path = project / "template.yaml";
  // A deprecated runtime (LL801) that the baseline does not hold, beside the two LL004s it holds.
  std::string text(k_template);
  text.replace(text.find("python3.12"), std::string_view("python3.12").size(), "python3.7");
  std::ofstream(template_path) << text;
  // The baseline holds the template's LL004 findings, as `check --create-baseline` would write them.
  lint::Baseline baseline(lint::Baseline::root_for(project / "baseline.json"));
  const lint::UnitResult linted = lint::lint_text(template_path.string(), text, lint::rules::all(), {});
  std::size_t baselined = 0;
  for (const lint::Finding& finding : linted.findings) {
    if (finding.rule_id == "LL004") {
      baseline.add(finding);
      ++baselined;
    }
  }
  REQUIRE(baselined == 2); // Kee and Timout
  std::ofstream(project / "baseline.json") << baseline.to_json();
  std::ofstream(project / ".lambdalint.yaml") << "baseline: baseline.json\n";
  const std::string uri = "file://" + template_path.string();
  {
    lint::lsp::ServerOptions options = TestClient::synchronous_options();
    options.configure = lint::lsp::configure_from_project_file;
    TestClient client(std::move(options));
    client.initialize();
    client.open(uri, text);
    const Json diagnostics = client.diagnostics(uri);
    CHECK(with_code(diagnostics, "LL004").empty());
    CHECK(with_code(diagnostics, "LL801").size() == 1); // findings not in the baseline are published
  }
  {
    lint::lsp::ServerOptions options = TestClient::synchronous_options();
    options.configure = lint::lsp::configure_from_project_file;
    TestClient client(std::move(options));
    Json settings = lint::lsp::testing::fixed_settings();
    settings["includeSuppressed"] = true;
    client.initialize(Json::object(), settings);
    client.open(uri, text);
    const Json shown = with_code(client.diagnostics(uri), "LL004");
    REQUIRE(shown.size() == 2);
    for (const Json& diagnostic : shown) {
      CHECK(diagnostic["severity"] == 4); // a hint, never the error it would be
      CHECK(diagnostic["message"].get<std::string>().ends_with("(suppressed: baseline)"));
    }
  }
  fs::remove_all(project);
}

TEST_CASE("lsp: a template's LL308 findings are published on the handler's code file, at the call")
{
  const std::filesystem::path project =
    std::filesystem::path(LINT_SOURCE_DIR) / "fixtures/rules/permissions/code_call_not_allowed/bad_sam_typescript";
  const std::string template_uri = "file://" + (project / "template.yaml").string();
  const std::string code_uri = "file://" + (project / "src/app.ts").string();
  TestClient client;
  client.initialize();
  client.open(template_uri, lint::test::read_file(project / "template.yaml"), 3);
  const std::vector<Json> on_code = client.publications(code_uri);
  REQUIRE(on_code.size() == 1);
  REQUIRE(on_code[0]["diagnostics"].size() == 1);
  const Json& diagnostic = on_code[0]["diagnostics"][0];
  CHECK(diagnostic["code"] == "LL308");
  CHECK(diagnostic["range"] == range(10, 12, 22)); // purgeQueue on line 11
  for (const Json& publication : client.publications(template_uri)) {
    for (const Json& item : publication["diagnostics"]) {
      CHECK(item["code"] != "LL308"); // never at the call's line numbers in the template
    }
  }
  // Opening the handler file re-checks the template with its buffer; saving it changes nothing
  // the template reads (the buffer already was what it analysed), so nothing more is published.
  client.open(code_uri, lint::test::read_file(project / "src/app.ts"), 1);
  client.notify("textDocument/didSave", {{"textDocument", {{"uri", code_uri}}}});
  const std::vector<Json> after = client.publications(code_uri);
  REQUIRE(after.size() == 2);
  CHECK(after.back()["diagnostics"].size() == 1);
}

TEST_CASE("lsp: LL308's quick fix on the handler's code edits the template that declares the role")
{
  const std::filesystem::path project =
    std::filesystem::path(LINT_SOURCE_DIR) / "fixtures/rules/permissions/code_call_not_allowed/bad_sam_typescript";
  const std::string template_uri = "file://" + (project / "template.yaml").string();
  const std::string code_uri = "file://" + (project / "src/app.ts").string();
  for (const bool document_changes : {false, true}) {
    CAPTURE(document_changes);
    TestClient client;
    client.initialize({{"workspace", {{"workspaceEdit", {{"documentChanges", document_changes}}}}}});
    client.open(template_uri, lint::test::read_file(project / "template.yaml"), 3);
    client.open(code_uri, lint::test::read_file(project / "src/app.ts"), 1);
    const std::vector<Json> on_code = client.publications(code_uri);
    REQUIRE_FALSE(on_code.empty());
    const Json on_call = with_code(on_code.back()["diagnostics"], "LL308");
    REQUIRE(on_call.size() == 1);
    const Json& diagnostic = on_call[0];
    CHECK(diagnostic["range"] == range(10, 12, 22)); // the diagnostic stays at the call
    const Json actions = client.request("textDocument/codeAction", {{"textDocument", {{"uri", code_uri}}},
                                                                    {"range", diagnostic["range"]},
                                                                    {"context", {{"diagnostics", Json::array({diagnostic})}}}})["result"];
    REQUIRE(actions.is_array());
    REQUIRE_FALSE(actions.empty());
    const Json& fix = actions[0];
    CHECK(fix["title"] == "Allow sqs:PurgeQueue in the Policies of function 'JobsFunction'");
    CHECK(fix["isPreferred"] == false); // it widens permissions: unsafe
    // The edit is keyed by the template's URI, never the code file's.
    Json edits;
    if (document_changes) {
      const Json& changes = fix["edit"]["documentChanges"];
      REQUIRE(changes.size() == 1);
      CHECK(changes[0]["textDocument"] == Json{{"uri", template_uri}, {"version", nullptr}});
      edits = changes[0]["edits"];
    } else {
      const Json& changes = fix["edit"]["changes"];
      REQUIRE(changes.size() == 1);
      CHECK_FALSE(changes.contains(code_uri));
      edits = changes.at(template_uri);
    }
    REQUIRE(edits.size() == 1);
    CHECK(edits[0]["range"] == range(20, 0, 0)); // after the last Policies item, before Metadata
    CHECK(edits[0]["newText"] == "        - Statement:\n"
                                 "            - Effect: Allow\n"
                                 "              Action:\n"
                                 "                - sqs:PurgeQueue\n"
                                 "              Resource: !GetAtt Jobs.Arn\n");
  }
}

namespace {

const fs::path k_python_project = fs::path(LINT_SOURCE_DIR) / "fixtures/rules/permissions/code_call_not_allowed/bad_sam_python";

std::string file_uri(const fs::path& path)
{
  return "file://" + path.string();
}

/// A client as `lambdalint lsp` runs (the project's .lambdalint.yaml applies), whose workspace
/// folder is `root`.
void initialize_in(TestClient& client, const fs::path& root, Json capabilities = Json::object())
{
  capabilities["textDocument"]["publishDiagnostics"]["relatedInformation"] = true;
  client.request("initialize", {{"rootUri", file_uri(root)}, {"capabilities", std::move(capabilities)},
                                {"initializationOptions", lint::lsp::testing::fixed_settings()}});
  client.notify("initialized");
}

lint::lsp::ServerOptions project_options()
{
  lint::lsp::ServerOptions options = TestClient::synchronous_options();
  options.configure = lint::lsp::configure_from_project_file;
  return options;
}

/// The LL308 diagnostic whose message names `operation` ("PutItem"), or fails.
Json ll308_for(const Json& diagnostics, std::string_view operation)
{
  for (const Json& diagnostic : with_code(diagnostics, "LL308")) {
    if (diagnostic["message"].get<std::string>().find(fmt::format(" {} (", operation)) != std::string::npos) {
      return diagnostic;
    }
  }
  FAIL("no LL308 for " << operation);
  return nullptr;
}

/// A copy of the Python fixture project in a temporary directory (a repository of its own, so
/// the configuration search stops there).
fs::path copy_python_project(std::string_view name)
{
  const fs::path project = fs::temp_directory_path() / fmt::format("lambdalint-lsp-{}-{}", name, ::getpid());
  fs::remove_all(project);
  fs::create_directories(project / ".git");
  fs::copy(k_python_project, project, fs::copy_options::recursive);
  return project;
}

} // namespace

TEST_CASE("lsp: opening only a handler file publishes the LL308 findings of the workspace's templates that read it")
{
  const std::string template_uri = file_uri(k_python_project / "template.yaml");
  const std::string code_uri = file_uri(k_python_project / "src/app.py");
  TestClient client(project_options());
  initialize_in(client, k_python_project, {{"workspace", {{"workspaceEdit", {{"documentChanges", true}}}}}});
  client.open(code_uri, lint::test::read_file(k_python_project / "src/app.py"));

  const Json diagnostics = client.diagnostics(code_uri);
  CHECK(diagnostics.size() == 3); // the snapshot's three calls in app.py (helpers.py has the fourth)
  const Json put_item = ll308_for(diagnostics, "PutItem");
  CHECK(put_item["range"] == range(17, 10, 18)); // table.put_item(Item=event), line 18
  CHECK(put_item["severity"] == 1);
  CHECK(put_item["message"] == "Function 'OrdersFunction' calls DynamoDB PutItem (put_item) in its code, but its execution role "
                               "'OrdersFunctionRole' does not allow dynamodb:PutItem on table 'Orders'");
  // Related: the role and the binding, in the template (not open: a URI made from its path).
  REQUIRE(put_item["relatedInformation"].size() >= 1);
  CHECK(put_item["relatedInformation"][0]["location"]["uri"] == template_uri);
  CHECK(ll308_for(diagnostics, "DeleteItem")["range"] == range(21, 11, 22));
  CHECK(ll308_for(diagnostics, "SendMessage")["range"] == range(23, 11, 23));
  // The template is not open: its own findings are not published, nor those in files not open.
  CHECK(client.publications(template_uri).empty());
  CHECK(client.publications(file_uri(k_python_project / "src/helpers.py")).empty());

  // The quick fix edits the template, a document the editor does not have open.
  const Json actions = client.request("textDocument/codeAction", {{"textDocument", {{"uri", code_uri}}},
                                                                  {"range", put_item["range"]},
                                                                  {"context", {{"diagnostics", Json::array({put_item})}}}})["result"];
  REQUIRE(actions.is_array());
  REQUIRE_FALSE(actions.empty());
  CHECK(actions[0]["title"] == "Allow dynamodb:PutItem in the Policies of function 'OrdersFunction'");
  const Json& changes = actions[0]["edit"]["documentChanges"];
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["textDocument"] == Json{{"uri", template_uri}, {"version", nullptr}});
  REQUIRE(changes[0]["edits"].size() == 1);
  CHECK(changes[0]["edits"][0]["newText"].get<std::string>().find("- dynamodb:PutItem\n") != std::string::npos);

  // Closing the handler file clears its diagnostics, as for a template.
  client.notify("textDocument/didClose", {{"textDocument", {{"uri", code_uri}}}});
  CHECK(client.diagnostics(code_uri).empty());
}

TEST_CASE("lsp: an unsaved change to a handler file is analysed from the buffer, with or without its template open")
{
  const fs::path code_path = k_python_project / "src/app.py";
  const std::string code_uri = file_uri(code_path);
  const std::string on_disk = lint::test::read_file(code_path);
  const auto written = fs::last_write_time(code_path);
  for (const bool template_open : {false, true}) {
    CAPTURE(template_open);
    TestClient client(project_options());
    initialize_in(client, k_python_project);
    if (template_open) {
      client.open(file_uri(k_python_project / "template.yaml"), lint::test::read_file(k_python_project / "template.yaml"));
    }
    client.open(code_uri, on_disk);
    CHECK(with_code(client.diagnostics(code_uri), "LL308").size() == 3);
    // A new call on the line after `def lambda_handler(...)`: DeleteItem on the Orders table.
    client.change(code_uri, 2,
                  Json::array({{{"range", range(14, 0, 0)}, {"text", "    table.delete_item(Key={\"id\": event[\"id\"]})\n"}}}));
    const Json diagnostics = client.diagnostics(code_uri);
    REQUIRE(with_code(diagnostics, "LL308").size() == 4);
    const Json added = ll308_for(diagnostics, "DeleteItem");
    CHECK(added["range"] == range(14, 10, 21));
    CHECK(added["message"] == "Function 'OrdersFunction' calls DynamoDB DeleteItem (delete_item) in its code, but its execution role "
                              "'OrdersFunctionRole' does not allow dynamodb:DeleteItem on table 'Orders'");
    CHECK(ll308_for(diagnostics, "PutItem")["range"] == range(18, 10, 18)); // moved down a line with the buffer
    // Removing the call again (still unsaved) clears it.
    client.change(code_uri, 3, Json::array({{{"range", range(14, 0, 15, 0)}, {"text", ""}}}));
    CHECK(with_code(client.diagnostics(code_uri), "LL308").size() == 3);
  }
  // Nothing was written.
  CHECK(lint::test::read_file(code_path) == on_disk);
  CHECK(fs::last_write_time(code_path) == written);
}

TEST_CASE("lsp: a handler file's findings honour the project's configuration and baseline, as check does")
{
  const fs::path project = copy_python_project("code-suppressed");
  const std::string code_uri = file_uri(project / "src/app.py");
  const std::string code = lint::test::read_file(project / "src/app.py");
  SUBCASE("a rule the configuration ignores")
  {
    TestClient client(project_options());
    initialize_in(client, project);
    client.open(code_uri, code);
    CHECK(with_code(client.diagnostics(code_uri), "LL308").size() == 3);
    // The project starts ignoring LL308: the next analysis clears the handler file.
    std::ofstream(project / ".lambdalint.yaml") << "ignore: [LL308]\n";
    client.change(code_uri, 2, Json::array({{{"text", code}}}));
    CHECK(client.diagnostics(code_uri).empty());
  }
  SUBCASE("a finding the baseline holds")
  {
    // The baseline holds the PutItem call's LL308, as `check --create-baseline` would write it.
    lint::Baseline baseline(lint::Baseline::root_for(project / "baseline.json"));
    const lint::UnitResult linted = lint::lint_file((project / "template.yaml").string(), lint::rules::all(), {});
    std::size_t baselined = 0;
    for (const lint::Finding& finding : linted.findings) {
      if (finding.rule_id == "LL308" && finding.message.find("PutItem") != std::string::npos) {
        baseline.add(finding);
        ++baselined;
      }
    }
    REQUIRE(baselined == 1);
    std::ofstream(project / "baseline.json") << baseline.to_json();
    std::ofstream(project / ".lambdalint.yaml") << "baseline: baseline.json\n";
    TestClient client(project_options());
    initialize_in(client, project);
    client.open(code_uri, code);
    const Json diagnostics = with_code(client.diagnostics(code_uri), "LL308");
    CHECK(diagnostics.size() == 2);
    for (const Json& diagnostic : diagnostics) {
      CHECK(diagnostic["message"].get<std::string>().find("PutItem") == std::string::npos);
    }
  }
  fs::remove_all(project);
}

TEST_CASE("lsp: a handler file's edits re-analyse only the units that read it, each on its own")
{
  const fs::path project = copy_python_project("code-units");
  // A second template with its own handler (other/), and a third one that fails to analyse.
  fs::create_directories(project / "other");
  std::ofstream(project / "other/handler.py") << "def handler(event, context):\n    return event\n";
  std::ofstream(project / "other.yaml") << "Transform: AWS::Serverless-2016-10-31\nResources:\n  Other:\n    Type: AWS::Serverless::Function\n"
                                           "    Properties:\n      Runtime: python3.12\n      CodeUri: other/\n      Handler: handler.handler\n";
  std::ofstream(project / "broken.yaml") << "Resources:\n  X:\n    Type: AWS::SQS::Queue\n";
  std::map<std::string, int> analyses; // by unit key
  lint::lsp::ServerOptions options = project_options();
  options.analyzer = [&](const lint::lsp::UnitSnapshot& snapshot) {
    ++analyses[fs::path(snapshot.unit.key).filename().string()];
    if (snapshot.unit.key.ends_with("broken.yaml")) {
      throw std::runtime_error("this template's analysis fails");
    }
    return lint::lsp::analyze_unit(snapshot, lint::rules::all());
  };
  TestClient client(std::move(options));
  initialize_in(client, project);
  const std::string code_uri = file_uri(project / "src/app.py");
  const std::string code = lint::test::read_file(project / "src/app.py");
  client.open(code_uri, code);
  // The first open analyses every unit of the folder once, to learn which code each reads.
  CHECK(analyses == std::map<std::string, int>{{"broken.yaml", 1}, {"other.yaml", 1}, {"template.yaml", 1}});
  CHECK(with_code(client.diagnostics(code_uri), "LL308").size() == 3); // the failing unit loses nobody's results
  CHECK(client.log_text().find("this template's analysis fails") != std::string::npos);
  // A keystroke re-analyses only the template that reads app.py: no walk, no other unit.
  client.change(code_uri, 2, Json::array({{{"range", range(0, 0, 0)}, {"text", "\n"}}}));
  CHECK(analyses == std::map<std::string, int>{{"broken.yaml", 1}, {"other.yaml", 1}, {"template.yaml", 2}});
  CHECK(with_code(client.diagnostics(code_uri), "LL308").size() == 3);
  // Opening the other handler file analyses its template (known from the first walk) only.
  client.open(file_uri(project / "other/handler.py"), "def handler(event, context):\n    return event\n");
  CHECK(analyses == std::map<std::string, int>{{"broken.yaml", 1}, {"other.yaml", 2}, {"template.yaml", 2}});
  CHECK(client.diagnostics(file_uri(project / "other/handler.py")).empty());
  fs::remove_all(project);
}

TEST_CASE("lsp: in background mode the folder's units are found and analysed on the worker, and a handler edit is debounced")
{
  lint::lsp::ServerOptions options = project_options();
  options.scheduling = lint::lsp::Scheduler::Mode::background;
  TestClient client(std::move(options));
  initialize_in(client, k_python_project, Json::object());
  client.notify("workspace/didChangeConfiguration", {{"settings", {{"debounceMs", 50}}}});
  const std::string code_uri = file_uri(k_python_project / "src/app.py");
  const std::string code = lint::test::read_file(k_python_project / "src/app.py");
  client.open(code_uri, code);
  client.server().wait_idle(); // the walk's job queues the template's analysis: both done
  CHECK(with_code(client.diagnostics(code_uri), "LL308").size() == 3);
  // Three quick edits: the last one is what gets analysed (and nothing older is published after it).
  for (std::int64_t version = 2; version <= 4; ++version) {
    client.change(code_uri, version, Json::array({{{"range", range(14, 0, 0)}, {"text", "    table.delete_item(Key={})\n"}}}));
  }
  client.server().wait_idle();
  const Json diagnostics = client.diagnostics(code_uri);
  CHECK(with_code(diagnostics, "LL308").size() == 6); // three added DeleteItem calls on Orders
  CHECK(ll308_for(diagnostics, "PutItem")["range"] == range(20, 10, 18));
}

TEST_CASE("lsp: closing a template with unsaved edits re-checks the open handler file against the template on disk")
{
  const std::string template_uri = file_uri(k_python_project / "template.yaml");
  const std::string code_uri = file_uri(k_python_project / "src/app.py");
  const std::string template_text = lint::test::read_file(k_python_project / "template.yaml");
  TestClient client(project_options());
  initialize_in(client, k_python_project);
  client.open(template_uri, template_text);
  client.open(code_uri, lint::test::read_file(k_python_project / "src/app.py"));
  CHECK(with_code(client.diagnostics(code_uri), "LL308").size() == 3);
  // Unsaved: the DeleteItem grant on Archive is added to the template's buffer.
  std::string granted = template_text;
  const std::string put = "              Action: dynamodb:PutItem\n";
  REQUIRE(granted.find(put) != std::string::npos);
  granted.replace(granted.find(put), put.size(), "              Action: [dynamodb:PutItem, dynamodb:DeleteItem]\n");
  client.change(template_uri, 2, Json::array({{{"text", granted}}}));
  const Json with_grant = with_code(client.diagnostics(code_uri), "LL308");
  CHECK(with_grant.size() == 2);
  for (const Json& diagnostic : with_grant) {
    CHECK(diagnostic["message"].get<std::string>().find("DeleteItem") == std::string::npos);
  }
  // Closed without saving: the handler file sees the template on disk again.
  client.notify("textDocument/didClose", {{"textDocument", {{"uri", template_uri}}}});
  CHECK(with_code(client.diagnostics(code_uri), "LL308").size() == 3);
  CHECK(client.diagnostics(template_uri).empty()); // the closed template is cleared
}
