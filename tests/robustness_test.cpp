// Hostile and broken input (docs/robustness.md): every case ends in a finding or an input error
// with a position, in bounded time, never a crash or an exception. Inputs are generated here;
// nothing large is checked in. The CLI side (walks, symlinks, FIFOs, exit codes, peak memory) is
// tests/cli/hostile_input.sh.

#include "analyzer/driver.h"
#include "analyzer/terraform/frontend.h"
#include "analyzer/terraform/plan_frontend.h"
#include "rules/registry.h"
#include "support/glob.h"
#include "support/read_file.h"
#include "support/thread_pool.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>
#include <sys/stat.h>
#include <time.h>

using namespace lint;
namespace fs = std::filesystem;

namespace {

// Generous: the bounds catch exponential or quadratic blow-ups, not slow machines (the ASan build
// runs these too). They count the CPU time this process spends, not wall time, so a runner loaded
// by other jobs does not fail them; speed itself is measured by `make bench`, never here.
constexpr auto k_time_bound = std::chrono::seconds(10);

/// A std::chrono clock over the process's CPU time (CLOCK_PROCESS_CPUTIME_ID): the analysis runs on
/// this process's threads, and doctest runs one test at a time.
struct CpuClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<CpuClock>;
  static constexpr bool is_steady = true;
  static time_point now() noexcept
  {
    timespec spent{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spent);
    return time_point(std::chrono::seconds(spent.tv_sec) + std::chrono::nanoseconds(spent.tv_nsec));
  }
};

struct Timed {
  UnitResult result;
  std::chrono::milliseconds elapsed{};
};

Timed lint_input(std::string path, std::string text, DriverOptions options = {})
{
  options.explicitly_named = true;
  const auto start = CpuClock::now();
  Timed timed{lint_text(std::move(path), std::move(text), rules::all(), options), {}};
  timed.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(CpuClock::now() - start);
  return timed;
}

/// "rule line:column message" of every finding, for readable failures.
std::vector<std::string> describe(const UnitResult& result)
{
  std::vector<std::string> out;
  for (const Finding& finding : result.findings) {
    const LineColumn at = finding.primary.file->byte_position(finding.primary.range.begin);
    out.push_back(fmt::format("{} {}:{} {}", finding.rule_id, at.line, at.column, finding.message));
  }
  return out;
}

const Finding* first(const UnitResult& result, std::string_view rule)
{
  const auto found = std::find_if(result.findings.begin(), result.findings.end(), [&](const Finding& f) { return f.rule_id == rule; });
  return found == result.findings.end() ? nullptr : &*found;
}

LineColumn position(const Finding& finding)
{
  return finding.primary.file->byte_position(finding.primary.range.begin);
}

/// A template with one known finding: LL004 (unknown property) for `Timout` on line 6.
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

/// A Terraform function with six layers: LL805 (too many layers) on line 4.
constexpr std::string_view k_six_layers = "resource \"aws_lambda_function\" \"f\" {\n"
                                          "  function_name = \"f\"\n"
                                          "  runtime = \"python3.12\"\n"
                                          "  layers = [\"arn:aws:lambda:us-east-1:123456789012:layer:a:1\", "
                                          "\"arn:aws:lambda:us-east-1:123456789012:layer:b:1\", \"arn:aws:lambda:us-east-1:123456789012:layer:c:1\", "
                                          "\"arn:aws:lambda:us-east-1:123456789012:layer:d:1\", \"arn:aws:lambda:us-east-1:123456789012:layer:e:1\", "
                                          "\"arn:aws:lambda:us-east-1:123456789012:layer:f:1\"]\n"
                                          "}\n";

void check_known_finding(const UnitResult& result)
{
  CAPTURE(describe(result));
  const Finding* typo = first(result, "LL004");
  REQUIRE(typo != nullptr);
  CHECK(position(*typo).line == 6);
  CHECK(position(*typo).column == 7);
}

/// Expects exactly one LL001 (the input is rejected with a position) and nothing thrown.
const Finding& parse_error(const Timed& timed)
{
  CAPTURE(describe(timed.result));
  CHECK(timed.result.internal_errors.empty());
  CHECK(timed.elapsed < k_time_bound);
  const Finding* error = first(timed.result, "LL001");
  REQUIRE(error != nullptr);
  return *error;
}

/// `first` followed by `count` copies of `item`.
std::string repeated(std::string first, std::string_view item, int count)
{
  for (int i = 0; i < count; ++i) {
    first += item;
  }
  return first;
}

struct TempDir {
  fs::path path;
  TempDir()
  {
    path = fs::temp_directory_path() / fmt::format("lambdalint-robust-{}", std::chrono::steady_clock::now().time_since_epoch().count());
    fs::create_directories(path);
  }
  ~TempDir()
  {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  void write(const std::string& name, std::string_view text) const
  {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

} // namespace

TEST_CASE("robustness: a YAML alias bomb (billion laughs) is one LL001 at the alias, quickly")
{
  std::string bomb = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'i'; ++name) {
    bomb += fmt::format("  {}: &{} [", name, name);
    for (int i = 0; i < 9; ++i) {
      bomb += fmt::format("{}*{}", i ? ", " : "", previous);
    }
    bomb += "]\n";
    previous = name;
  }
  // 9^9 = 387 million strings when expanded; the budget stops it at the first alias beyond it.
  const Timed timed = lint_input("bomb.yaml", bomb);
  const Finding& error = parse_error(timed);
  CHECK(error.message.find("alias") != std::string::npos);
  CHECK(position(error).line >= 3);
}

TEST_CASE("robustness: nesting 100,000 deep is an LL001 with a position, not a stack overflow")
{
  constexpr int depth = 100'000;
  SUBCASE("YAML flow")
  {
    const Timed timed = lint_input("deep.yaml", "Resources: " + std::string(depth, '[') + std::string(depth, ']') + "\n");
    const Finding& error = parse_error(timed);
    CHECK(error.message.find("nesting deeper than") != std::string::npos); // ours or yaml-cpp's guard, same words
    CHECK(position(error).line == 1);
  }
  SUBCASE("YAML block")
  {
    // "- - - - x": each "- " opens a block sequence inside the previous one.
    std::string text = "Resources:\n  R:\n    ";
    for (int i = 0; i < depth; ++i) {
      text += "- ";
    }
    text += "x\n";
    const Timed timed = lint_input("deep_block.yaml", text);
    const Finding& error = parse_error(timed);
    CHECK(error.message.find("nesting deeper than") != std::string::npos);
    CHECK(position(error).line == 3);
  }
  SUBCASE("JSON")
  {
    std::string text = "{\"Resources\": ";
    for (int i = 0; i < depth; ++i) {
      text += "{\"a\": ";
    }
    text += "1" + std::string(depth, '}') + "}";
    const Timed timed = lint_input("deep.json", text);
    const Finding& error = parse_error(timed);
    CHECK(error.message.find("nest") != std::string::npos);
    CHECK(position(error).line == 1);
  }
  SUBCASE("HCL expressions and blocks")
  {
    for (const std::string& text : {"locals {\n  x = " + std::string(depth, '[') + std::string(depth, ']') + "\n}\n",
                                    "resource \"aws_sqs_queue\" \"q\" {\n" + [&] {
                                      std::string blocks;
                                      for (int i = 0; i < depth; ++i) {
                                        blocks += "b {\n";
                                      }
                                      return blocks + std::string(depth, '}');
                                    }() + "\n}\n"}) {
      const auto start = CpuClock::now();
      const std::unique_ptr<Model> model = terraform::build_model_from_text("/robust/main.tf", text);
      CHECK(CpuClock::now() - start < k_time_bound);
      REQUIRE(model != nullptr);
    }
  }
}

TEST_CASE("robustness: very long lines keep exact columns")
{
  // A 4 MB line of padding in a flow mapping, then the misspelt key: its column is exact.
  const std::string padding(4 * 1024 * 1024, 'x');
  const std::string text = fmt::format("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn: {{Type: AWS::Lambda::Function, "
                                       "Metadata: {{Pad: {}}}, Properties: {{Timout: 30, Runtime: python3.12, Handler: i.h, "
                                       "Role: arn:aws:iam::123456789012:role/x, Code: {{ZipFile: x}}}}}}\n",
                                       padding);
  const Timed timed = lint_input("long.yaml", text);
  CAPTURE(describe(timed.result));
  CHECK(timed.elapsed < k_time_bound);
  const Finding* typo = first(timed.result, "LL004");
  REQUIRE(typo != nullptr);
  CHECK(position(*typo).line == 3);
  CHECK(position(*typo).column == text.find("Timout") - text.rfind('\n', text.find("Timout")));
}

TEST_CASE("robustness: invalid UTF-8 is an LL001 at the byte, and the template is still linted")
{
  std::string text(k_template);
  text.insert(text.find("Runtime") - 6, "      Description: caf\xE9 \xFF\n"); // Latin-1 é and a stray 0xFF on line 7
  const Timed timed = lint_input("latin1.yaml", text);
  const Finding& error = parse_error(timed);
  CHECK(error.message.find("invalid UTF-8 byte 0xe9") != std::string::npos);
  CHECK(position(error).line == 7);
  CHECK(position(error).column == 23);
  check_known_finding(timed.result); // the rest of the template is analysed
}

TEST_CASE("robustness: UTF-16 (both byte orders) and UTF-8 byte order marks give the same findings and positions")
{
  check_known_finding(lint_input("bom8.yaml", "\xEF\xBB\xBF" + std::string(k_template)).result);
  for (const bool little : {true, false}) {
    CAPTURE(little);
    std::string utf16 = little ? "\xFF\xFE" : "\xFE\xFF";
    for (const char c : k_template) {
      utf16 += little ? std::string{c, '\0'} : std::string{'\0', c};
    }
    const Timed timed = lint_input("utf16.yaml", utf16);
    CHECK_FALSE(timed.result.input_error);
    check_known_finding(timed.result);
  }
  // A lone surrogate cannot become UTF-8: reported, not dropped silently.
  std::string lone = "\xFF\xFE";
  for (const char c : std::string(k_template)) {
    lone += std::string{c, '\0'};
  }
  lone += std::string("\x00\xD8", 2); // U+D800 alone at the end
  const Timed with_surrogate = lint_input("surrogate.yaml", lone);
  CHECK(first(with_surrogate.result, "LL001") != nullptr);
  check_known_finding(with_surrogate.result);
}

TEST_CASE("robustness: binary files with template extensions are input errors when named, skipped when walked")
{
  static constexpr char k_elf[] = "\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0Resources: AWS::"; // NULs, then template words
  const std::string binary(k_elf, sizeof k_elf - 1);
  for (const char* name : {"blob.yaml", "blob.json", "blob.template"}) {
    CAPTURE(name);
    const Timed named = lint_input(name, binary);
    REQUIRE(named.result.input_error);
    CHECK(named.result.input_error->find("binary") != std::string::npos);
    CHECK(named.result.findings.empty());
    DriverOptions walked;
    CHECK_FALSE(lint_text(name, binary, rules::all(), walked).linted);
  }
  // A binary .tf in a module: LL001 with a position in that file, the other file still analysed.
  const TempDir dir;
  dir.write("blob.tf", binary);
  dir.write("main.tf", k_six_layers); // LL805
  const UnitResult module = lint_terraform_module(dir.path.string(), rules::all(), {});
  CAPTURE(describe(module));
  CHECK(module.internal_errors.empty());
  const Finding* error = first(module, "LL001");
  REQUIRE(error != nullptr);
  CHECK(error->primary.file->path().ends_with("blob.tf"));
  const Finding* layers = first(module, "LL805");
  REQUIRE(layers != nullptr);
  CHECK(layers->primary.file->path().ends_with("main.tf"));
  CHECK(position(*layers).line == 4);
}

TEST_CASE("robustness: a Terraform module that includes itself, directly or through another, is cut without recursion")
{
  const TempDir dir;
  dir.write("main.tf", "module \"self\" {\n  source = \"./\"\n}\nmodule \"other\" {\n  source = \"./b\"\n}\n"
                       "resource \"aws_sqs_queue\" \"q\" {\n  visibility_timeout_seconds = module.self.timeout\n}\n");
  dir.write("b/main.tf", "module \"back\" {\n  source = \"../\"\n}\noutput \"timeout\" {\n  value = module.back.timeout\n}\n");
  const auto start = CpuClock::now();
  const UnitResult result = lint_terraform_module(dir.path.string(), rules::all(), {});
  CHECK(CpuClock::now() - start < k_time_bound);
  CAPTURE(describe(result));
  CHECK(result.internal_errors.empty());
  CHECK(result.linted);
}

TEST_CASE("robustness: Fn::Join and Fn::Sub over huge lists stay linear")
{
  constexpr int count = 200'000;
  std::string items;
  std::string sub = "x";
  std::string variables;
  for (int i = 0; i < count; ++i) {
    items += fmt::format("{}a{}", i ? ", " : "", i);
    sub += fmt::format("${{V{}}}-", i % 1000);
  }
  for (int i = 0; i < 1000; ++i) {
    variables += fmt::format("{}V{}: {{Ref: AWS::Region}}", i ? ", " : "", i);
  }
  const std::string text = fmt::format("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
                                       "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                                       "      QueueName: !Join ['-', [{}]]\n"
                                       "      Tags: [{{Key: k, Value: !Sub ['{}', {{{}}}]}}]\n"
                                       "      RedrivePolicy: !Select [0, !Split [',', !Join [',', [{}]]]]\n",
                                       items, sub, variables, items);
  const Timed timed = lint_input("huge_lists.yaml", text);
  CAPTURE(timed.elapsed.count());
  CHECK(timed.result.internal_errors.empty());
  CHECK(timed.result.linted);
  CHECK(timed.elapsed < k_time_bound);
}

TEST_CASE("robustness: secret-name patterns from the configuration are RE2, linear on pathological input")
{
  // (a+)+$ backtracks exponentially in PCRE/ECMAScript regex engines on "aaaa...!"; RE2 is linear.
  DriverOptions options;
  options.rule_options.secret_name_patterns = {"(a+)+$", "(a|aa)*b", "(x*)*y*z"};
  const std::string name = std::string(100'000, 'a') + "!";
  // JSON: YAML caps implicit keys at 1,024 characters, JSON does not.
  const std::string text = fmt::format("{{\"Resources\": {{\"Fn\": {{\"Type\": \"AWS::Lambda::Function\", \"Properties\": {{\n"
                                       "  \"Runtime\": \"python3.12\", \"Handler\": \"i.h\", \"Code\": {{\"ZipFile\": \"x\"}},\n"
                                       "  \"Role\": \"arn:aws:iam::123456789012:role/x\",\n"
                                       "  \"Environment\": {{\"Variables\": {{\"{}\": \"v\", \"{}\": \"also-long\",\n"
                                       "    \"aaaa\": \"s3cr3t-value-123\"}}}}}}}}}}}}\n",
                                       name, std::string(100'000, 'x'));
  const Timed timed = lint_input("regex.json", text, options);
  CAPTURE(describe(timed.result));
  CHECK(timed.result.internal_errors.empty());
  CHECK(timed.elapsed < k_time_bound);
  // "aaaa" fully matches (a+)+$: the rule fires on it, at its line; the long names match nothing.
  const Finding* secret = first(timed.result, "LL602");
  REQUIRE(secret != nullptr);
  CHECK(position(*secret).line == 5);
  CHECK(std::count_if(timed.result.findings.begin(), timed.result.findings.end(), [](const Finding& f) { return f.rule_id == "LL602"; }) == 1);
}

// ---- Issue 22: hostile input (docs/robustness.md) ------------------------------------------------

TEST_CASE("robustness: 10,000 chained operators in a Terraform attribute end in an unknown value, not a stack overflow")
{
  for (const std::string& expression :
       {repeated("1", " + 1", 10'000), repeated("true", " && true", 10'000), std::string(20'000, '-') + "1", std::string(20'000, '!') + "true"}) {
    CAPTURE(expression.substr(0, 12));
    const TempDir dir;
    dir.write("main.tf", "resource \"aws_lambda_function\" \"f\" {\n  timeout = " + expression + "\n}\n" + std::string(k_six_layers));
    const auto start = CpuClock::now();
    const UnitResult result = lint_terraform_module(dir.path.string(), rules::all(), {});
    CHECK(CpuClock::now() - start < k_time_bound);
    CAPTURE(describe(result));
    CHECK(result.internal_errors.empty());
    CHECK(result.linted);
    // The rest of the module is still analysed: the six-layer function is on line 7.
    const Finding* layers = first(result, "LL805");
    REQUIRE(layers != nullptr);
    CHECK(position(*layers).line == 7);
  }
}

TEST_CASE("robustness: a unit that throws is an internal error for that unit, every other unit runs")
{
  for (const unsigned jobs : {1u, 4u}) {
    CAPTURE(jobs);
    std::vector<int> ran(8, 0);
    std::vector<std::string> errors(8);
    run_parallel(
      8, jobs,
      [&](std::size_t i) {
        if (i == 3) {
          throw std::bad_alloc();
        }
        if (i == 5) {
          throw 42; // not even a std::exception
        }
        ran[i] = 1;
      },
      [&](std::size_t i, std::string_view what) { errors[i] = std::string(what); });
    CHECK(ran == std::vector<int>{1, 1, 1, 0, 1, 0, 1, 1});
    CHECK(errors[3] == "std::bad_alloc");
    CHECK(errors[5] == "unknown exception");
    CHECK(errors[0].empty());
  }
  CHECK(worker_count(0, 0) == 1);
  CHECK(worker_count(8, 3) == 3);
}

TEST_CASE("robustness: reads never block on a FIFO or a device and are bounded in size")
{
  const TempDir dir;
  const fs::path fifo = dir.path / "pipe.yaml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto start = CpuClock::now();
  const ReadResult from_fifo = read_regular_file(fifo);
  CHECK(CpuClock::now() - start < k_time_bound);
  CHECK_FALSE(from_fifo.text);
  CHECK(from_fifo.error == "cannot read: a FIFO, not a regular file");
  fs::create_symlink("/dev/zero", dir.path / "zero.tf");
  const ReadResult from_device = read_regular_file(dir.path / "zero.tf");
  CHECK(from_device.error == "cannot read: a character device, not a regular file");
  dir.write("big.yaml", std::string(5000, 'x'));
  CHECK(read_regular_file(dir.path / "big.yaml", 4096).error == "cannot read: larger than 4096 bytes (the limit for one file)");
  CHECK(read_regular_file(dir.path / "big.yaml", 5000).text->size() == 5000);
  CHECK(read_regular_file_prefix(dir.path / "big.yaml", 10) == "xxxxxxxxxx");
  CHECK(read_regular_file_prefix(fifo, 10).empty());
  const ReadResult missing = read_regular_file(dir.path / "missing.yaml");
  CHECK(missing.not_found);

  // A FIFO named on the command line is read without blocking: nobody writes to this one, so it
  // is an input error at once, not a hang.
  DriverOptions named;
  named.explicitly_named = true;
  const auto named_start = std::chrono::steady_clock::now(); // wall time: a blocked read spends no CPU
  const UnitResult result = lint_file(fifo.string(), rules::all(), named);
  CHECK(std::chrono::steady_clock::now() - named_start < std::chrono::seconds(2));
  REQUIRE(result.input_error);
  CHECK(*result.input_error == "cannot read: the pipe or FIFO is empty (nothing was written to it)");
  // A character device named on the command line (/dev/zero) is refused before any byte is read.
  const UnitResult zero = lint_file("/dev/zero", rules::all(), named);
  REQUIRE(zero.input_error);
  CHECK(*zero.input_error == "cannot read: a character device, not a regular file");

  // A FIFO .tf and a /dev/zero .tf in a module: LL001 naming each, the rest analysed.
  const TempDir module;
  module.write("main.tf", k_six_layers);
  REQUIRE(::mkfifo((module.path / "pipe.tf").c_str(), 0600) == 0);
  fs::create_symlink("/dev/zero", module.path / "zero.tf");
  const auto module_start = std::chrono::steady_clock::now(); // wall time: a blocked read spends no CPU
  const UnitResult analysed = lint_terraform_module(module.path.string(), rules::all(), {});
  CHECK(std::chrono::steady_clock::now() - module_start < k_time_bound);
  CAPTURE(describe(analysed));
  std::vector<std::string> unreadable;
  for (const Finding& finding : analysed.findings) {
    if (finding.rule_id == "LL001") {
      unreadable.push_back(fs::path(finding.primary.file->path()).filename().string() + ": " + finding.message);
    }
  }
  std::sort(unreadable.begin(), unreadable.end());
  CHECK(unreadable == std::vector<std::string>{"pipe.tf: cannot read: a FIFO, not a regular file",
                                               "zero.tf: cannot read: a character device, not a regular file"});
  CHECK(first(analysed, "LL805") != nullptr);
}

TEST_CASE("robustness: a committed modules.json whose Dir is absolute or leaves the repository is not followed")
{
  const TempDir outside;
  outside.write("evil/main.tf", "output \"o\" {\n  value = 1\n}\n");
  for (const std::string& dir_value : {(outside.path / "evil").string(), std::string("../../../../../../../../..") + (outside.path / "evil").string()}) {
    CAPTURE(dir_value);
    const TempDir repo;
    repo.write(".git/HEAD", "ref: refs/heads/main\n");
    repo.write("main.tf", "module \"m\" {\n  source = \"registry.example/x/y\"\n}\n"
                          "resource \"aws_lambda_function\" \"f\" {\n  timeout = module.m.o\n}\n");
    repo.write(".terraform/modules/modules.json",
               fmt::format(R"({{"Modules": [{{"Key": "m", "Source": "x", "Dir": "{}"}}]}})", dir_value));
    const auto model = terraform::build_model(repo.path);
    REQUIRE(model != nullptr);
    for (const ModelProblem& problem : model->problems) {
      CHECK(problem.location.file->path().find("evil") == std::string::npos);
    }
    REQUIRE(model->resources.size() == 1);
    const Value* timeout = model->resources[0].property("timeout");
    REQUIRE(timeout != nullptr);
    CHECK(timeout->kind == ValueKind::unknown);
    CHECK(timeout->text.find("outside the repository") != std::string::npos);
  }
}

TEST_CASE("robustness: 30,000 unclosed brackets and 20,000 splats parse in linear time")
{
  for (const std::string& body : {"  x = " + std::string(30'000, '['), repeated("  x = a", "[*].a", 20'000),
                                  repeated("  x = ", "\"${", 20'000)}) {
    const auto start = CpuClock::now();
    const auto model = terraform::build_model_from_text("/t/main.tf", "resource \"aws_lambda_function\" \"f\" {\n" + body + "\n}\n");
    CHECK(CpuClock::now() - start < std::chrono::seconds(3));
    CHECK(model != nullptr);
  }
}

TEST_CASE("robustness: values that double through aliases or locals end in one LL001 at the expression, not out of memory")
{
  // CloudFormation: Fn::Join doubling a 100 KB scalar 16 times through YAML aliases.
  std::string text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                     "      Tags:\n        - Key: a0\n          Value: &v0 " + std::string(100'000, 'x') + "\n";
  for (int i = 1; i <= 16; ++i) {
    text += fmt::format("        - Key: a{}\n          Value: &v{} !Join ['', [*v{}, *v{}]]\n", i, i, i - 1, i - 1);
  }
  const Timed joined = lint_input("join_bomb.yaml", text);
  CAPTURE(describe(joined.result));
  CHECK(joined.result.internal_errors.empty());
  CHECK(joined.elapsed < k_time_bound);
  const Finding* budget = first(joined.result, "LL001");
  REQUIRE(budget != nullptr);
  CHECK(budget->message.find("evaluation budget") != std::string::npos);
  CHECK(position(*budget).line > 8); // at one of the joins

  // Terraform: 40 locals, each the previous one twice.
  std::string locals = "locals {\n  l0 = \"" + std::string(2600, 'y') + "\"\n";
  for (int i = 1; i <= 40; ++i) {
    locals += fmt::format("  l{} = \"${{local.l{}}}${{local.l{}}}\"\n", i, i - 1, i - 1);
  }
  locals += "}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = local.l40\n}\n";
  const TempDir dir;
  dir.write("main.tf", locals);
  const auto start = CpuClock::now();
  const UnitResult result = lint_terraform_module(dir.path.string(), rules::all(), {});
  CHECK(CpuClock::now() - start < k_time_bound);
  CAPTURE(describe(result));
  CHECK(result.internal_errors.empty());
  const Finding* tf_budget = first(result, "LL001");
  REQUIRE(tf_budget != nullptr);
  CHECK(tf_budget->message.find("evaluation budget") != std::string::npos);
  CHECK(position(*tf_budget).line > 2);
  CHECK(position(*tf_budget).line <= 42);
}

TEST_CASE("robustness: Terraform module calls fanning out 3 ways at every level stay within the budget")
{
  const TempDir dir;
  dir.write("main.tf", "module \"a\" {\n  source = \"./m\"\n  v = \"x\"\n}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = module.a.o\n}\n");
  dir.write("m/main.tf", "variable \"v\" {}\n"
                         "module \"a\" {\n  source = \"../n\"\n  v = \"${var.v}${var.v}\"\n}\n"
                         "module \"b\" {\n  source = \"../n\"\n  v = \"${var.v}${var.v}\"\n}\n"
                         "module \"c\" {\n  source = \"../n\"\n  v = \"${var.v}${var.v}\"\n}\n"
                         "output \"o\" {\n  value = \"${module.a.o}${module.b.o}${module.c.o}\"\n}\n");
  dir.write("n/main.tf", "variable \"v\" {}\n"
                         "module \"a\" {\n  source = \"../m\"\n  v = \"${var.v}${var.v}\"\n}\n"
                         "module \"b\" {\n  source = \"../m\"\n  v = \"${var.v}${var.v}\"\n}\n"
                         "module \"c\" {\n  source = \"../m\"\n  v = \"${var.v}${var.v}\"\n}\n"
                         "output \"o\" {\n  value = \"${module.a.o}${module.b.o}${module.c.o}\"\n}\n");
  const auto start = CpuClock::now();
  const UnitResult result = lint_terraform_module(dir.path.string(), rules::all(), {});
  CHECK(CpuClock::now() - start < std::chrono::seconds(30));
  CAPTURE(describe(result));
  CHECK(result.internal_errors.empty());
  CHECK(result.linted);
}

TEST_CASE("robustness: read-back role policies in a plan are matched in linear time")
{
  constexpr int count = 5'000;
  std::string resources;
  for (int i = 0; i < count; ++i) {
    resources += fmt::format(R"({}{{"mode": "managed", "address": "aws_iam_role.r{}", "type": "aws_iam_role", "name": "r{}", )"
                             R"("values": {{"name": "role{}", "assume_role_policy": "{{}}", "inline_policy": [{{"name": "p{}", "policy": "{{}}"}}]}}}}, )"
                             R"({{"mode": "managed", "address": "aws_iam_role_policy.p{}", "type": "aws_iam_role_policy", "name": "p{}", )"
                             R"("values": {{"name": "p{}", "role": "role{}", "policy": "{{}}"}}}})",
                             i ? ", " : "", i, i, i, i, i, i, i, i);
  }
  const std::string plan = R"({"format_version": "1.2", "terraform_version": "1.9.8", "values": {"root_module": {"resources": [)" +
                           resources + "]}}}";
  const Timed timed = lint_input("state.json", plan);
  CAPTURE(timed.elapsed.count());
  CHECK(timed.result.internal_errors.empty());
  CHECK(timed.result.linted);
  CHECK(timed.elapsed < k_time_bound);
}

TEST_CASE("robustness: plan child_modules deeper than the limit are said, not dropped silently")
{
  std::string module = R"({"resources": [{"mode": "managed", "address": "aws_sqs_queue.q", "type": "aws_sqs_queue", "name": "q", "values": {}}]})";
  for (int i = 0; i < 70; ++i) {
    module = R"({"child_modules": [)" + module + "]}";
  }
  const std::string plan = R"({"format_version": "1.2", "terraform_version": "1.9.8", "values": {"root_module": )" + module + "}}";
  const Timed timed = lint_input("deep.json", plan);
  CAPTURE(describe(timed.result));
  const Finding* deep = first(timed.result, "LL001");
  REQUIRE(deep != nullptr);
  CHECK(deep->message == "child_modules nested deeper than 64 levels: the resources below are not analysed");
}

TEST_CASE("robustness: ignore-paths globs match in linear time, with the documented semantics")
{
  std::string deep;
  for (int i = 0; i < 40; ++i) {
    deep += "d/";
  }
  const auto start = CpuClock::now();
  CHECK_FALSE(path_glob_match("**/**/**/**/**/**/**/**/b", deep + "c"));
  CHECK(path_glob_match("**/**/**/**/**/**/**/**/b", deep + "b"));
  CHECK_FALSE(path_glob_match(std::string(2000, '*') + "x", std::string(2000, 'a')));
  CHECK(CpuClock::now() - start < std::chrono::seconds(2));
  CHECK(path_glob_match("a/**/b", "a/b"));
  CHECK(path_glob_match("**/b", "b"));
  CHECK(path_glob_match("**/b", "x/b"));
  CHECK_FALSE(path_glob_match("**/b", "xb")); // found by fuzz_glob: the double star must end at a '/'
  CHECK_FALSE(path_glob_match("**/b", "a/b/\nb"));
  CHECK(path_glob_match("a/**/b", "a/x/y/b"));
  CHECK_FALSE(path_glob_match("a/*/b", "a/x/y/b"));
  CHECK(path_glob_match("a/?/b", "a/x/b"));
  CHECK_FALSE(path_glob_match("a/?/b", "a///b"));
  CHECK(path_glob_match("**", ""));
  CHECK(path_glob_match("*.yaml", "t.yaml"));
  CHECK_FALSE(path_glob_match("*.yaml", "d/t.yaml"));
  CHECK(path_glob_match("**/*.yaml", "t.yaml"));
  CHECK_FALSE(path_glob_match("", "a"));
}

TEST_CASE("robustness: UTF-32 with a byte order mark gives the same findings and positions as UTF-8")
{
  for (const bool little : {true, false}) {
    CAPTURE(little);
    std::string utf32 = little ? std::string("\xFF\xFE\0\0", 4) : std::string("\0\0\xFE\xFF", 4);
    for (const char c : k_template) {
      utf32 += little ? std::string{c, '\0', '\0', '\0'} : std::string{'\0', '\0', '\0', c};
    }
    const Timed timed = lint_input("utf32.yaml", utf32);
    CHECK_FALSE(timed.result.input_error);
    check_known_finding(timed.result);
  }
}

TEST_CASE("robustness: a NUL byte after the first 8 KiB is an input error naming its offset, not a parse error")
{
  std::string text(k_template);
  text += "# " + std::string(9000, 'c') + "\n";
  const std::size_t at = text.size();
  text += std::string("\0\n", 2);
  const Timed named = lint_input("late_nul.yaml", text);
  REQUIRE(named.result.input_error);
  CHECK(*named.result.input_error == fmt::format("contains a NUL byte at offset {}: not a text file", at));
  CHECK(named.result.findings.empty());
  DriverOptions walked;
  const UnitResult in_walk = lint_text("late_nul.yaml", text, rules::all(), walked);
  REQUIRE(in_walk.input_error); // it looks like a template: said in walks too
}

TEST_CASE("robustness: a .tf file above 2 MiB is an LL001 in that file, not a gigabyte of syntax tree")
{
  const TempDir dir;
  dir.write("main.tf", k_six_layers);
  dir.write("big.tf", "locals {\n  s = \"" + std::string(3u << 20, 's') + "\"\n}\n");
  const UnitResult result = lint_terraform_module(dir.path.string(), rules::all(), {});
  CAPTURE(describe(result));
  const Finding* big = first(result, "LL001");
  REQUIRE(big != nullptr);
  CHECK(big->primary.file->path().ends_with("big.tf"));
  CHECK(big->message == "cannot read: larger than 2 MiB (the limit for one file)");
  CHECK(first(result, "LL805") != nullptr);
}
