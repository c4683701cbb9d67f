// Policies written as JSON strings (analyzer/json_string_document.cpp): decoded like structured
// documents, every key and value located at its text in the file through quotes and escapes.

#include "analyzer/json_string_document.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

using namespace lint;

namespace {

struct Decoded {
  SourceFilePtr file;
  ValueArena values;
  const Value* document = nullptr;

  /// The file text a decoded value is located at.
  std::string at(const Value* value) const
  {
    return std::string(file->text().substr(value->range.begin, value->range.end - value->range.begin));
  }
};

/// Decodes the string `decoded`, written in the file as `text` starting at `written`.
std::unique_ptr<Decoded> decode(std::string text, std::string_view written, std::string decoded)
{
  auto out = std::make_unique<Decoded>();
  out->file = std::make_shared<const SourceFile>("t", std::move(text));
  const std::size_t begin = out->file->text().find(written);
  REQUIRE(begin != std::string_view::npos);
  Value& string = out->values.make(ValueKind::string, {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + written.size())});
  string.text = std::move(decoded);
  out->document = decode_json_string_document(&string, out->file, out->values);
  return out;
}

} // namespace

TEST_CASE("json string document: escapes map back to the written text")
{
  // A JSON template's escaped string, with a \u escape and an escaped backslash.
  const std::string written = R"("{\"Statement\": [{\"Action\": \"s3:Get\u004fbject\", \"Resource\": \"arn:aws:s3:::b\\\\k/*\"}]}")";
  const auto decoded = decode("{\"PolicyDocument\": " + written + "}\n", written,
                              R"({"Statement": [{"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b\\k/*"}]})");
  REQUIRE(decoded->document->kind == ValueKind::map);
  const Value* statements = decoded->document->get("Statement");
  REQUIRE(statements != nullptr);
  REQUIRE(statements->items.size() == 1);
  const Value* action = statements->items[0]->get("Action");
  REQUIRE(action != nullptr);
  CHECK(action->text == "s3:GetObject");
  CHECK(decoded->at(action) == R"(\"s3:Get\u004fbject\")");
  const Value* resource = statements->items[0]->get("Resource");
  CHECK(resource->text == "arn:aws:s3:::b\\k/*");
  CHECK(decoded->at(resource).starts_with(R"(\"arn:aws:s3:::b)"));
  CHECK(decoded->at(resource).ends_with(R"(/*\")"));
}

TEST_CASE("json string document: what is not a JSON object string is left as it is")
{
  for (const char* text : {"arn:aws:iam::aws:policy/ReadOnlyAccess", "[1, 2]", "{not json", "{\"a\": 1, \"a\": 2}"}) {
    CAPTURE(text);
    const std::string written = std::string("'") + text + "'";
    const auto decoded = decode("Doc: " + written + "\n", written, text);
    CHECK(decoded->document->kind == ValueKind::string);
  }
  ValueArena values;
  CHECK(decode_json_string_document(nullptr, nullptr, values) == nullptr);
}

TEST_CASE("json string document: a string that cannot be aligned is located at the whole string")
{
  // The decoded text does not occur in the file (a parameter default used through Ref): every
  // key and value points at the string's own range instead of a wrong place.
  const auto decoded = decode("Doc: !Ref PolicyParam\n", "!Ref PolicyParam", R"({"Statement": [{"Action": "*"}]})");
  REQUIRE(decoded->document->kind == ValueKind::map);
  const Value* action = decoded->document->get("Statement")->items[0]->get("Action");
  CHECK(action->text == "*");
  CHECK(decoded->at(action) == "!Ref PolicyParam");
}
