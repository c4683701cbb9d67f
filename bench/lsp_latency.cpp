// `lsp_latency`: time from a didChange to the publishDiagnostics it causes, excluding the
// debounce (the server runs in synchronous mode, so the analysis starts the moment the change is
// handled). Measured in process through the real message path: JSON parse of the didChange,
// incremental edit, snapshot, full analysis (parse, model, every rule), conversion to LSP and JSON
// serialisation of the publish. Pipe I/O to the editor is not included.
//
//   build/bench/lsp_latency [--size-kb 50] [--changes 200]
//   build/bench/lsp_latency --terraform-files 20 [--changes 200]
//     a Terraform module of that many .tf files in a temporary directory: one file is open and
//     edited, and the time runs until the last file of the module is published.

#include "lsp/server.h"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;
using lint::lsp::Json;

namespace {

/// A serverless stack (function, role, queue, mapping, log group) repeated up to `bytes`.
std::string generate_template(std::size_t bytes)
{
  std::string out = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
  for (std::size_t i = 0; out.size() < bytes; ++i) {
    out += fmt::format(R"(  Queue{0}:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
  Role{0}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {{Service: lambda.amazonaws.com}}
            Action: sts:AssumeRole
  Fn{0}:
    Type: AWS::Lambda::Function
    Properties:
      Description: "función {0} ✓"
      Runtime: python3.12
      Handler: app.handler
      Timeout: 30
      MemorySize: 512
      Role: !GetAtt Role{0}.Arn
      Code: {{ZipFile: "def handler(e, c): return e"}}
  Mapping{0}:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn{0}
      EventSourceArn: !GetAtt Queue{0}.Arn
      BatchSize: 10
  Logs{0}:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${{Fn{0}}}
      RetentionInDays: 30
)",
                       i);
  }
  return out;
}

/// One file of the generated module: a function fed by a queue through a mapping, with a log group.
std::string terraform_file(std::size_t i)
{
  return fmt::format(R"(resource "aws_sqs_queue" "q{0}" {{
  visibility_timeout_seconds = 60
}}

resource "aws_lambda_function" "f{0}" {{
  function_name = "f{0}"
  runtime       = "python3.12"
  handler       = "app.handler"
  timeout       = 30
  memory_size   = 512
  role          = "arn:aws:iam::123456789012:role/f{0}"
  environment {{
    variables = {{ STAGE = local.stage }}
  }}
}}

resource "aws_lambda_event_source_mapping" "m{0}" {{
  event_source_arn = aws_sqs_queue.q{0}.arn
  function_name    = aws_lambda_function.f{0}.arn
  batch_size       = 10
}}

resource "aws_cloudwatch_log_group" "l{0}" {{
  name              = "/aws/lambda/${{aws_lambda_function.f{0}.function_name}}"
  retention_in_days = 30
}}
)",
                     i);
}

double percentile(std::vector<double> values, double p)
{
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

} // namespace

int main(int argc, char** argv)
{
  std::size_t size_kb = 50;
  std::size_t terraform_files = 0;
  int changes = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--size-kb") == 0) {
      size_kb = std::stoul(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--changes") == 0) {
      changes = std::stoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--terraform-files") == 0) {
      terraform_files = std::stoul(argv[i + 1]);
    }
  }
  std::string text;
  std::string uri = "file:///bench/template.yaml";
  std::string timeout_line = "      Timeout: 30";
  std::filesystem::path module;
  if (terraform_files > 0) {
    module = std::filesystem::temp_directory_path() / fmt::format("lambdalint-lsp-bench-{}", ::getpid());
    std::filesystem::create_directories(module);
    std::ofstream(module / "locals.tf") << "locals {\n  stage = \"prod\"\n}\n";
    for (std::size_t i = 1; i < terraform_files; ++i) {
      std::ofstream(module / fmt::format("f{:03}.tf", i)) << terraform_file(i);
    }
    text = terraform_file(0);
    std::ofstream(module / "f000.tf") << text;
    uri = "file://" + (module / "f000.tf").string();
    timeout_line = "  timeout       = 30";
  } else {
    text = generate_template(size_kb * 1024);
  }
  // The line of the first timeout: each change rewrites its value (30 ↔ 31).
  const auto timeout_at = text.find(timeout_line);
  const auto column = static_cast<std::uint32_t>(timeout_line.size() - 2);
  const auto line = static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(timeout_at), '\n'));

  lint::lsp::ServerOptions options;
  options.scheduling = lint::lsp::Scheduler::Mode::synchronous;
  Clock::time_point published{};
  std::size_t diagnostics = 0;
  lint::lsp::Server server(std::move(options), [&](const std::string& body) {
    if (body.find("textDocument/publishDiagnostics") != std::string::npos) {
      published = Clock::now(); // the last publish of the analysis (a module publishes every file)
      diagnostics += Json::parse(body)["params"]["diagnostics"].size();
    }
  });
  server.handle(Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", {{"capabilities", Json::object()}}}}.dump());
  server.handle(Json{{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", Json::object()}}.dump());
  server.handle(Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                     {"params", {{"textDocument", {{"uri", uri}, {"languageId", terraform_files > 0 ? "terraform" : "yaml"}, {"version", 1}, {"text", text}}}}}}.dump());

  std::vector<double> latencies;
  for (int version = 2; version < changes + 2; ++version) {
    const Json range{{"start", {{"line", line}, {"character", column}}}, {"end", {{"line", line}, {"character", column + 2}}}};
    const std::string message =
      Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
           {"params", {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", {{{"range", range}, {"text", version % 2 == 0 ? "31" : "30"}}}}}}}
        .dump();
    published = {};
    diagnostics = 0;
    const auto start = Clock::now();
    server.handle(message);
    if (published == Clock::time_point{}) {
      fmt::print(stderr, "no publishDiagnostics after didChange {}\n", version);
      return 1;
    }
    latencies.push_back(std::chrono::duration<double, std::milli>(published - start).count());
  }
  if (terraform_files > 0) {
    fmt::print("didChange -> publishDiagnostics of every file, {}-file Terraform module ({} diagnostics), {} changes, debounce excluded:\n",
               terraform_files, diagnostics, latencies.size());
    std::filesystem::remove_all(module);
  } else {
    fmt::print("didChange -> publishDiagnostics, {} KB template ({} bytes, {} diagnostics), {} changes, debounce excluded:\n",
               size_kb, text.size(), diagnostics, latencies.size());
  }
  fmt::print("  p50 {:.2f} ms  p95 {:.2f} ms  max {:.2f} ms\n", percentile(latencies, 0.50), percentile(latencies, 0.95),
             *std::max_element(latencies.begin(), latencies.end()));
  return 0;
}
