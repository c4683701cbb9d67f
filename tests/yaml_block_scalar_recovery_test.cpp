// yaml-cpp 0.7 (issue #1163) rejects `- !Tag |` block scalars whose content is indented past the
// dash but not past the tag; parsers/yaml_block_scalar_recovery.cpp re-reads them. Positions must
// be exactly those of the original text.

#include "analyzer/driver.h"
#include "parsers/node.h"
#include "rules/registry.h"
#include "tests/fix_support.h"

#include <doctest/doctest.h>

#include <string>

using namespace lint;

namespace {

struct Parsed {
  SourceFilePtr file;
  ParsedDocument doc;
};

Parsed parse(std::string text)
{
  auto file = std::make_shared<const SourceFile>("t.yaml", std::move(text));
  ParsedDocument doc = parse_document(file);
  return {file, std::move(doc)};
}

std::string slice(const Parsed& parsed, SourceRange range)
{
  return std::string(parsed.file->text().substr(range.begin, range.end - range.begin));
}

} // namespace

TEST_CASE("yaml recovery: a tagged block scalar whose content sits at the tag's column")
{
  const Parsed parsed = parse("Layers:\n"
                              "  - !Sub |\n"
                              "    arn:${AWS::Partition}:x\n"
                              "  - !Ref >-\n"
                              "    LayerParam\n"
                              "  - plain\n");
  REQUIRE(parsed.doc.root != nullptr);
  CHECK(parsed.doc.problems.empty());
  CHECK(parsed.doc.file == parsed.file); // positions name the original file
  const Node* layers = parsed.doc.root->get("Layers");
  REQUIRE(layers != nullptr);
  REQUIRE(layers->items.size() == 3);

  const Node& sub = *layers->items[0];
  REQUIRE(sub.is_mapping());
  CHECK(sub.from_tag);
  REQUIRE(sub.entries.size() == 1);
  CHECK(sub.entries[0].key == "Fn::Sub");
  CHECK(slice(parsed, sub.entries[0].key_range) == "!Sub");
  CHECK(sub.entries[0].value->scalar == "arn:${AWS::Partition}:x\n");
  CHECK(slice(parsed, sub.entries[0].value->range) == "|\n    arn:${AWS::Partition}:x");
  CHECK(parsed.file->byte_position(sub.range.begin).line == 2);
  CHECK(parsed.file->byte_position(sub.range.begin).column == 5);

  const Node& ref = *layers->items[1];
  REQUIRE(ref.is_mapping());
  CHECK(ref.entries[0].key == "Ref");
  CHECK(slice(parsed, ref.entries[0].key_range) == "!Ref");
  CHECK(ref.entries[0].value->scalar == "LayerParam");
  CHECK(parsed.file->byte_position(ref.entries[0].value->range.begin).line == 4);
  CHECK(parsed.file->byte_position(ref.entries[0].value->range.begin).column == 10);

  CHECK(layers->items[2]->scalar == "plain");
}

TEST_CASE("yaml recovery: content one column right of the dash, non-CloudFormation tags")
{
  const Parsed parsed = parse("Items:\n"
                              "  - !!str |\n"
                              "   123\n"
                              "  - !Custom >\n"
                              "    text\n");
  REQUIRE(parsed.doc.root != nullptr);
  const Node* items = parsed.doc.root->get("Items");
  REQUIRE(items != nullptr);
  REQUIRE(items->items.size() == 2);
  CHECK(items->items[0]->is_scalar());
  CHECK(items->items[0]->quoted);
  CHECK(items->items[0]->scalar == "123\n");
  CHECK(items->items[1]->foreign_tag);
}

TEST_CASE("yaml recovery: real errors are still reported where they are")
{
  // Content at the dash's column is invalid YAML: nothing to recover.
  const Parsed at_dash = parse("Items:\n  - !Sub |\n  text\n");
  CHECK(at_dash.doc.root == nullptr);
  REQUIRE_FALSE(at_dash.doc.problems.empty());
  // A recoverable site beside an unrelated error: the unrelated error is the one reported.
  const Parsed other = parse("Items:\n  - !Sub |\n    text\nBad: [unclosed\n");
  CHECK(other.doc.root == nullptr);
  REQUIRE_FALSE(other.doc.problems.empty());
  CHECK(other.file->byte_position(other.doc.problems.front().range.begin).line == 4);
}

TEST_CASE("yaml recovery: findings inside a recovered file keep their exact positions")
{
  // The same template twice: content at the tag's column (yaml-cpp's bug, recovered) and content
  // indented past the tag (read natively). Every finding must be at the same line and column.
  const auto layers = [](const char* indent) {
    return std::string("AWSTemplateFormatVersion: \"2010-09-09\"\n"
                       "Resources:\n"
                       "  Fn:\n"
                       "    Type: AWS::Lambda::Function\n"
                       "    Properties:\n"
                       "      Handler: app.handler\n"
                       "      Runtime: python3.13\n"
                       "      Role: arn:aws:iam::123456789012:role/app\n"
                       "      Code: {ZipFile: x}\n"
                       "      Layers:\n"
                       "        - !Sub |\n") +
           indent + "arn:aws:lambda:us-east-1:123456789012:layer:${Missing}:1\n" +
           "        - !Ref >-\n" + indent + "AlsoMissing\n";
  };
  const UnitResult recovered = test::lint_with("t.yaml", layers("          "), {"LL001", "LL003"});
  const UnitResult native = test::lint_with("t.yaml", layers("            "), {"LL001", "LL003"});
  REQUIRE(recovered.findings.size() == 2);
  REQUIRE(native.findings.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const Finding& a = recovered.findings[i];
    const Finding& b = native.findings[i];
    CHECK(a.rule_id == "LL003");
    CHECK(a.rule_id == b.rule_id);
    CHECK(a.message == b.message);
    CHECK(a.primary.file->byte_position(a.primary.range.begin) == b.primary.file->byte_position(b.primary.range.begin));
  }
  // LL003 points at the scalar (its block indicator), as it does for any block-scalar !Sub / !Ref.
  CHECK(recovered.findings[0].primary.file->byte_position(recovered.findings[0].primary.range.begin) == LineColumn{11, 16});
  CHECK(recovered.findings[0].message.find("Missing") != std::string::npos);
  CHECK(recovered.findings[1].primary.file->byte_position(recovered.findings[1].primary.range.begin) == LineColumn{13, 16});
  CHECK(recovered.findings[1].message.find("AlsoMissing") != std::string::npos);
}
