// Hostile and broken input (docs/robustness.md): every case ends in a finding or an input error
// with a position, in bounded time, never a crash or an exception. Inputs are generated here;
// nothing large is checked in. The CLI side (walks, symlinks, FIFOs, exit codes, peak memory) is
// tests/cli/hostile_input.sh.

#include "analyzer/driver.h"
#include "analyzer/terraform/frontend.h"
#include "rules/registry.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

using namespace lint;
namespace fs = std::filesystem;

namespace {

// Generous: the bounds catch exponential or quadratic blow-ups, not slow machines (the ASan build
// runs these too, on a loaded CI runner).
constexpr auto k_time_bound = std::chrono::seconds(10);

struct Timed {
  UnitResult result;
  std::chrono::milliseconds elapsed{};
};

Timed lint_input(std::string path, std::string text, DriverOptions options = {})
{
  options.explicitly_named = true;
  const auto start = std::chrono::steady_clock::now();
  Timed timed{lint_text(std::move(path), std::move(text), rules::all(), options), {}};
  timed.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
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
      const auto start = std::chrono::steady_clock::now();
      const std::unique_ptr<Model> model = terraform::build_model_from_text("/robust/main.tf", text);
      CHECK(std::chrono::steady_clock::now() - start < k_time_bound);
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
  const auto start = std::chrono::steady_clock::now();
  const UnitResult result = lint_terraform_module(dir.path.string(), rules::all(), {});
  CHECK(std::chrono::steady_clock::now() - start < k_time_bound);
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
