// The benchmark behind `make bench` (numbers, never timed unit tests). One run prints:
//  - the ceiling: a yaml-cpp parse-only pass (YAML::Load) over the same in-memory files;
//  - lambdalint's full analysis (parse, model, every rule) on 1 and 2 threads, and its share of
//    the ceiling's throughput;
//  - a generated 1 MB template and a generated 2,000-resource template;
//  - start-up time and peak memory of the real binary (fork/exec, wait4 rusage).
// Files are read into memory first, so disk speed is not measured.

#include "analyzer/driver.h"
#include "rules/registry.h"
#include "support/read_file.h"
#include "support/thread_pool.h"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Input {
  std::string path;
  std::string text;
};

std::vector<Input> load_corpus(const std::string& directory)
{
  std::vector<Input> inputs;
  if (directory.empty() || !fs::is_directory(directory)) {
    return inputs;
  }
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    if (!entry.is_regular_file() || !lint::has_template_extension(entry.path().string())) {
      continue;
    }
    lint::ReadResult read = lint::read_regular_file(entry.path());
    if (read.text) {
      inputs.push_back({entry.path().string(), std::move(*read.text)});
    }
  }
  std::sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.path < b.path; });
  return inputs;
}

/// A realistic serverless stack repeated: function, role, queue, mapping, API method, log group.
std::string generate_template(std::size_t groups)
{
  std::string out = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Stage:\n    Type: String\n    Default: prod\nResources:\n";
  for (std::size_t i = 0; i < groups; ++i) {
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
      Runtime: python3.12
      Handler: app.handler
      Timeout: 30
      MemorySize: 512
      Role: !GetAtt Role{0}.Arn
      Code: {{ZipFile: "def handler(e, c): return e"}}
      Environment:
        Variables:
          STAGE: !Ref Stage
          QUEUE_URL: !Ref Queue{0}
  Mapping{0}:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn{0}
      EventSourceArn: !GetAtt Queue{0}.Arn
      BatchSize: 10
  Method{0}:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: r
      RestApiId: a
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{Fn{0}.Arn}}/invocations
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

template <typename F>
double best_seconds(int repeats, F&& work)
{
  double best = 1e9;
  for (int i = 0; i < repeats; ++i) {
    const auto start = Clock::now();
    work();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

std::size_t parse_only(const std::vector<Input>& inputs)
{
  std::size_t parsed = 0;
  for (const Input& input : inputs) {
    try {
      const YAML::Node node = YAML::Load(input.text);
      parsed += node.IsDefined() ? 1 : 0;
    } catch (const std::exception&) {
    }
  }
  return parsed;
}

std::size_t lint_all(const std::vector<Input>& inputs, unsigned threads)
{
  std::atomic<std::size_t> findings{0};
  lint::DriverOptions options;
  options.rule_options.as_of = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23};
  // The CLI's pool (support/thread_pool.h): a failing input is reported, the others still run.
  lint::run_parallel(
    inputs.size(), threads,
    [&](std::size_t i) {
      const lint::UnitResult result = lint::lint_text(inputs[i].path, inputs[i].text, lint::rules::all(), options);
      findings += result.findings.size();
    },
    [&](std::size_t i, std::string_view what) { fmt::print(stderr, "{}: internal error: {}\n", inputs[i].path, what); });
  return findings;
}

struct ProcessStats {
  double seconds = 0;
  long max_rss_kb = 0;
  int status = 0;
};

ProcessStats run_process(const std::vector<std::string>& argv)
{
  std::fflush(stdout); // or the child would flush our buffered output a second time
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (const std::string& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  return {std::chrono::duration<double>(Clock::now() - start).count(), usage.ru_maxrss, WEXITSTATUS(status)};
}

} // namespace

int main(int argc, char** argv)
{
  std::string corpus;
  std::string binary;
  std::string dump; // --dump DIR: write the generated templates there (for profiling the binary)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--corpus") {
      corpus = argv[i + 1];
    } else if (flag == "--binary") {
      binary = argv[i + 1];
    } else if (flag == "--dump") {
      dump = argv[i + 1];
    }
  }
  const std::vector<Input> inputs = load_corpus(corpus);
  std::size_t bytes = 0;
  for (const Input& input : inputs) {
    bytes += input.text.size();
  }
  fmt::print("lambdalint benchmark ({} rules, {} hardware threads)\n\n", lint::rules::all().size(), std::thread::hardware_concurrency());
  if (!inputs.empty()) {
    const int repeats = 3;
    const double ceiling = best_seconds(repeats, [&] { parse_only(inputs); });
    std::size_t findings = 0;
    const double one = best_seconds(repeats, [&] { findings = lint_all(inputs, 1); });
    const double two = best_seconds(repeats, [&] { lint_all(inputs, 2); });
    const double mb = static_cast<double>(bytes) / 1e6;
    fmt::print("corpus: {} files, {:.1f} MB ({})\n", inputs.size(), mb, corpus);
    fmt::print("  yaml-cpp parse only (ceiling), 1 thread: {:7.3f} s  {:6.1f} MB/s  {:6.0f} files/s\n", ceiling, mb / ceiling,
               static_cast<double>(inputs.size()) / ceiling);
    fmt::print("  lambdalint full analysis, 1 thread:      {:7.3f} s  {:6.1f} MB/s  {:6.0f} files/s  ({} findings)\n", one, mb / one,
               static_cast<double>(inputs.size()) / one, findings);
    fmt::print("  lambdalint full analysis, 2 threads:     {:7.3f} s  {:6.1f} MB/s  {:6.0f} files/s\n", two, mb / two,
               static_cast<double>(inputs.size()) / two);
    fmt::print("  full analysis / parse-only throughput (1 thread): {:.0f}%   (target >= 60%)\n", 100.0 * ceiling / one);
    fmt::print("  2 threads / 1 thread speed-up: {:.2f}x   (target >= 1.7x)\n", one / two);
    fmt::print("  per template (2 threads): {:.3f} ms\n\n", 1000.0 * two / static_cast<double>(inputs.size()));
  } else {
    fmt::print("corpus: none given (../shared/corpus/cfn not found); generated inputs only\n\n");
  }

  for (std::size_t groups : {std::size_t{334}, std::size_t{780}}) {
    const std::vector<Input> generated{{fmt::format("generated-{}.yaml", groups), generate_template(groups)}};
    if (!dump.empty()) {
      std::ofstream(fs::path(dump) / generated[0].path) << generated[0].text;
    }
    const double parse = best_seconds(5, [&] { parse_only(generated); });
    std::size_t findings = 0;
    const double full = best_seconds(5, [&] { findings = lint_all(generated, 1); });
    fmt::print("generated template: {} resources, {:.2f} MB: parse only {:.1f} ms, full analysis {:.1f} ms ({} findings)\n",
               groups * 6, static_cast<double>(generated[0].text.size()) / 1e6, parse * 1000, full * 1000, findings);
  }

  if (!binary.empty()) {
    const fs::path one_resource = fs::temp_directory_path() / "lambdalint-bench-one.yaml";
    std::ofstream(one_resource) << "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n";
    std::vector<double> times;
    for (int i = 0; i < 50; ++i) {
      times.push_back(run_process({binary, "check", one_resource.string()}).seconds);
    }
    std::vector<double> baseline;
    for (int i = 0; i < 50; ++i) {
      baseline.push_back(run_process({"/bin/true"}).seconds);
    }
    std::sort(times.begin(), times.end());
    std::sort(baseline.begin(), baseline.end());
    // fork/exec itself costs something on every machine; /bin/true measures that floor.
    fmt::print("\nstart-up (binary, one-resource template, median of 50 runs): {:.2f} ms; /bin/true: {:.2f} ms; "
               "lambdalint's own share: {:.2f} ms   (target < 5 ms)\n",
               times[25] * 1000, baseline[25] * 1000, (times[25] - baseline[25]) * 1000);
    fs::remove(one_resource);
    if (!corpus.empty()) {
      for (const char* jobs : {"1", "2"}) {
        const ProcessStats stats = run_process({binary, "check", "--format", "json", "--fail-on", "none", "--jobs", jobs, corpus});
        fmt::print("binary over the corpus, --jobs {}: {:.3f} s wall, peak RSS {:.1f} MB (exit {})\n", jobs, stats.seconds,
                   static_cast<double>(stats.max_rss_kb) / 1024.0, stats.status);
      }
    }
  }
  return 0;
}
