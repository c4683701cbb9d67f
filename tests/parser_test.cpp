// The located value tree: every short-form tag, positions on multi-byte lines, duplicate keys,
// malformed and hostile input.

#include "parsers/node.h"
#include "parsers/tags.h"

#include <doctest/doctest.h>

#include <string>

using namespace lint;

namespace {

struct Parsed {
  SourceFilePtr file;
  ParsedDocument doc;
};

Parsed parse(std::string text, ParseLimits limits = {})
{
  auto file = std::make_shared<const SourceFile>("t.yaml", std::move(text));
  ParsedDocument doc = parse_document(file, limits);
  return {file, std::move(doc)};
}

std::string slice(const Parsed& parsed, SourceRange range)
{
  return std::string(parsed.file->text().substr(range.begin, range.end - range.begin));
}

} // namespace

TEST_CASE("every CloudFormation short-form tag becomes its long form")
{
  const char* tags[] = {"!Ref", "!GetAtt", "!Sub", "!Join", "!If", "!Select", "!Split", "!FindInMap", "!Base64", "!Cidr",
                        "!ImportValue", "!GetAZs", "!Equals", "!And", "!Or", "!Not", "!Condition"};
  for (const char* tag : tags) {
    CAPTURE(tag);
    const Parsed scalar = parse(std::string("Value: ") + tag + " Thing\n");
    REQUIRE(scalar.doc.root != nullptr);
    const Node* value = scalar.doc.root->get("Value");
    REQUIRE(value != nullptr);
    const MappingEntry* call = value->intrinsic();
    REQUIRE(call != nullptr);
    CHECK(call->key == cfn_short_form(tag));
    CHECK(value->from_tag);
    CHECK(slice(scalar, call->key_range) == tag);
    REQUIRE(call->value->is_scalar());
    CHECK(call->value->scalar == "Thing");
    CHECK(slice(scalar, call->value->range) == "Thing");

    const Parsed sequence = parse(std::string("Value: ") + tag + " [a, b]\n");
    const MappingEntry* seq_call = sequence.doc.root->get("Value")->intrinsic();
    REQUIRE(seq_call != nullptr);
    CHECK(seq_call->key == cfn_short_form(tag));
    CHECK(seq_call->value->is_sequence());
    CHECK(seq_call->value->items.size() == 2);
  }
  CHECK(cfn_short_form("!Ref") == "Ref");
  CHECK(cfn_short_form("!Condition") == "Condition");
  CHECK(cfn_short_form("!GetAtt") == "Fn::GetAtt");
  CHECK(cfn_short_form("!Unknown").empty());
}

TEST_CASE("short and long forms build the same shape")
{
  const Parsed short_form = parse("A: !Join ['', [!Ref X, !GetAtt Y.Arn]]\n");
  const Parsed long_form = parse("A:\n  Fn::Join:\n    - ''\n    - - Ref: X\n      - Fn::GetAtt: [Y, Arn]\n");
  const Node* a = short_form.doc.root->get("A");
  const Node* b = long_form.doc.root->get("A");
  REQUIRE(a->intrinsic());
  REQUIRE(b->intrinsic());
  CHECK(a->intrinsic()->key == b->intrinsic()->key);
  const Node* a_list = a->intrinsic()->value->items[1];
  const Node* b_list = b->intrinsic()->value->items[1];
  CHECK(a_list->items[0]->intrinsic()->key == "Ref");
  CHECK(b_list->items[0]->intrinsic()->key == "Ref");
  CHECK(a_list->items[1]->intrinsic()->key == "Fn::GetAtt");
}

TEST_CASE("tagged block mappings and sequences")
{
  const Parsed parsed = parse("Value: !Sub\n  - '${A}-x'\n  - A: b\nOther: !If\n  - Cond\n  - 1\n  - 2\n");
  REQUIRE(parsed.doc.root != nullptr);
  const MappingEntry* sub = parsed.doc.root->get("Value")->intrinsic();
  REQUIRE(sub);
  CHECK(sub->key == "Fn::Sub");
  CHECK(sub->value->items.size() == 2);
  const MappingEntry* choice = parsed.doc.root->get("Other")->intrinsic();
  REQUIRE(choice);
  CHECK(choice->key == "Fn::If");
  CHECK(choice->value->items.size() == 3);
}

TEST_CASE("ranges of keys and scalars are exact, also after multi-byte text")
{
  const Parsed parsed = parse("Description: \"ünïcode 😀\"\nTimeout: 60 # comment\nName: 'it''s'\nBlock: |\n  line one\n  line two\nNext: x\n");
  REQUIRE(parsed.doc.root != nullptr);
  const MappingEntry* timeout = parsed.doc.root->find_entry("Timeout");
  REQUIRE(timeout);
  CHECK(slice(parsed, timeout->key_range) == "Timeout");
  CHECK(slice(parsed, timeout->value->range) == "60");
  CHECK(parsed.file->byte_position(timeout->value->range.begin) == LineColumn{2, 10});
  const Node* description = parsed.doc.root->get("Description");
  CHECK(slice(parsed, description->range) == "\"ünïcode 😀\"");
  CHECK(description->quoted);
  // UTF-16 columns: "ü" and "ï" are one unit each, the emoji two.
  CHECK(parsed.file->utf16_position(description->range.end).column == 26);
  CHECK(parsed.file->byte_position(description->range.end).column == 30);
  CHECK(slice(parsed, parsed.doc.root->get("Name")->range) == "'it''s'");
  CHECK(parsed.doc.root->get("Name")->scalar == "it's");
  const Node* block = parsed.doc.root->get("Block");
  CHECK(block->scalar == "line one\nline two\n");
  CHECK(slice(parsed, block->range) == "|\n  line one\n  line two");
}

TEST_CASE("plain and quoted scalars are told apart")
{
  const Parsed parsed = parse("A: 30\nB: '30'\nC: true\nD: \"true\"\n");
  CHECK_FALSE(parsed.doc.root->get("A")->quoted);
  CHECK(parsed.doc.root->get("B")->quoted);
  CHECK_FALSE(parsed.doc.root->get("C")->quoted);
  CHECK(parsed.doc.root->get("D")->quoted);
}

TEST_CASE("duplicate keys are reported at the second key, YAML and JSON")
{
  const Parsed yaml = parse("Resources:\n  A: 1\n  B: 2\n  A: 3\n");
  REQUIRE(yaml.doc.problems.size() == 1);
  CHECK(yaml.doc.problems[0].kind == SyntaxProblem::Kind::duplicate_key);
  CHECK(yaml.file->byte_position(yaml.doc.problems[0].range.begin) == LineColumn{4, 3});
  CHECK(yaml.file->byte_position(yaml.doc.problems[0].related.begin) == LineColumn{2, 3});

  const Parsed json = parse("{\"A\": 1,\n \"A\": 2}");
  REQUIRE(json.doc.problems.size() == 1);
  CHECK(json.doc.problems[0].kind == SyntaxProblem::Kind::duplicate_key);
  CHECK(json.file->byte_position(json.doc.problems[0].range.begin) == LineColumn{2, 2});

  // Large mappings switch to an index; duplicates are still found.
  std::string many = "M:\n";
  for (int i = 0; i < 40; ++i) {
    many += "  k" + std::to_string(i) + ": v\n";
  }
  many += "  k7: again\n";
  const Parsed large = parse(many);
  REQUIRE(large.doc.problems.size() == 1);
  CHECK(large.file->byte_position(large.doc.problems[0].range.begin).line == 42);
}

TEST_CASE("malformed input gives a positioned parse error, never an exception")
{
  const char* inputs[] = {"a: [1, 2\n", "a: {b: 1\n", "a: 'unterminated\n", "- a\n b: c\n", "a:\n\t- tab\n", "{\"a\": }", "{\"a\" 1}",
                          "[1, 2", "{\"a\": \"\\q\"}", "{\"a\": tru}", "\"\\ud800\"x"};
  for (const char* input : inputs) {
    CAPTURE(std::string(input));
    const Parsed parsed = parse(input);
    CHECK(parsed.doc.root == nullptr);
    REQUIRE_FALSE(parsed.doc.problems.empty());
    CHECK(parsed.doc.problems[0].kind == SyntaxProblem::Kind::parse_error);
    CHECK_FALSE(parsed.doc.problems[0].message.empty());
    CHECK(parsed.doc.problems[0].range.begin <= parsed.file->text().size());
  }
}

TEST_CASE("JSON strings decode escapes and surrogate pairs, positions are byte offsets")
{
  const Parsed parsed = parse("{\"a\": \"x\\u00e9\\ud83d\\ude00\\n\", \"n\": -1.5e3, \"t\": true, \"z\": null}");
  REQUIRE(parsed.doc.root != nullptr);
  CHECK(parsed.doc.root->get("a")->scalar == "x\xC3\xA9\xF0\x9F\x98\x80\n");
  CHECK(parsed.doc.root->get("n")->scalar == "-1.5e3");
  CHECK_FALSE(parsed.doc.root->get("n")->quoted);
  CHECK(parsed.doc.root->get("z")->is_null());
}

TEST_CASE("a YAML alias bomb is stopped by the expansion budget")
{
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'k'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) {
      bomb += std::string(i ? ", " : "") + "*" + previous;
    }
    bomb += "]\n";
    previous = name;
  }
  const Parsed parsed = parse(bomb);
  CHECK(parsed.doc.root == nullptr);
  REQUIRE_FALSE(parsed.doc.problems.empty());
  CHECK(parsed.doc.problems[0].message.find("alias") != std::string::npos);
  // Modest aliasing is fine and shares nodes.
  const Parsed ok = parse("base: &b {x: 1}\nuse: *b\n");
  REQUIRE(ok.doc.root != nullptr);
  CHECK(ok.doc.root->get("use") == ok.doc.root->get("base"));
}

TEST_CASE("deep nesting is bounded, not a stack overflow")
{
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  const Parsed yaml = parse("a: " + deep);
  CHECK(yaml.doc.root == nullptr);
  REQUIRE_FALSE(yaml.doc.problems.empty());
  const Parsed json = parse(deep);
  CHECK(json.doc.root == nullptr);
  REQUIRE_FALSE(json.doc.problems.empty());
  CHECK(json.doc.problems[0].message.find("nesting") != std::string::npos);
}

TEST_CASE("a UTF-8 byte order mark does not shift positions")
{
  const Parsed parsed = parse("\xEF\xBB\xBF" "Key: value\n");
  REQUIRE(parsed.doc.root != nullptr);
  const MappingEntry* entry = parsed.doc.root->find_entry("Key");
  REQUIRE(entry);
  CHECK(slice(parsed, entry->key_range) == "Key");
  CHECK(slice(parsed, entry->value->range) == "value");
}

TEST_CASE("empty documents and documents that are not mappings")
{
  CHECK(parse("").doc.root != nullptr);
  CHECK(parse("").doc.root->is_null());
  CHECK(parse("- a\n- b\n").doc.root->is_sequence());
  CHECK(parse("just text").doc.root->is_scalar());
}

TEST_CASE("source positions: UTF-16, code points and LSP offsets round-trip")
{
  const SourceFile file("x", "ab\n\xC3\xA9\xF0\x9F\x98\x80z\r\nlast");
  CHECK(file.line_count() == 3);
  CHECK(file.line_text(2) == "\xC3\xA9\xF0\x9F\x98\x80z");
  const std::uint32_t z = 3 + 2 + 4;
  CHECK(file.byte_position(z) == LineColumn{2, 7});
  CHECK(file.utf16_position(z) == LineColumn{2, 4});
  CHECK(file.code_point_position(z) == LineColumn{2, 3});
  CHECK(file.offset_from_utf16(1, 3) == z);
  CHECK(file.offset_from_utf8(1, 6) == z);
  CHECK(file.offset_from_utf16(1, 999) == 3 + 7); // clamped to the line end
  CHECK(file.offset_from_utf16(99, 0) == file.text().size());
  CHECK(file.byte_position(9999) == LineColumn{3, 5});
}

TEST_CASE("tags that are neither YAML's nor CloudFormation's are marked foreign")
{
  const Parsed parsed = parse("Code: !Rain::S3 {Path: src}\nName: !Custom value\nPlain: x\nStr: !!str 30\n");
  REQUIRE(parsed.doc.root != nullptr);
  CHECK(parsed.doc.root->get("Code")->foreign_tag);
  CHECK(parsed.doc.root->get("Name")->foreign_tag);
  CHECK_FALSE(parsed.doc.root->get("Plain")->foreign_tag);
  CHECK_FALSE(parsed.doc.root->get("Str")->foreign_tag);
  CHECK(parsed.doc.root->get("Str")->quoted);
}
