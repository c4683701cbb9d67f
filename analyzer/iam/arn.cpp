#include "analyzer/iam/arn.h"

#include <algorithm>
#include <cctype>

namespace lint::iam {

std::string_view to_string(Decision decision)
{
  switch (decision) {
  case Decision::no: return "no";
  case Decision::maybe: return "maybe";
  case Decision::yes: return "yes";
  }
  return "maybe";
}

namespace {

void append_literal(SymbolicText& out, std::string_view text)
{
  if (text.empty()) {
    return;
  }
  if (!out.empty() && out.back().kind == Piece::Kind::literal) {
    out.back().text += text;
  } else {
    out.push_back({Piece::Kind::literal, std::string(text), false});
  }
}

/// Literal text of a policy: `${aws:username}` and other policy variables are only known per
/// request, so they become unknown pieces.
void append_policy_literal(SymbolicText& out, std::string_view text)
{
  std::size_t start = 0;
  while (true) {
    const std::size_t open = text.find("${", start);
    if (open == std::string_view::npos) {
      append_literal(out, text.substr(start));
      return;
    }
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      append_literal(out, text.substr(start));
      return;
    }
    append_literal(out, text.substr(start, open - start));
    const std::string_view variable = text.substr(open + 2, close - open - 2);
    // ${*}, ${?} and ${$} are IAM's escapes for the literal characters.
    if (variable == "*" || variable == "?" || variable == "$") {
      append_literal(out, variable);
    } else {
      out.push_back({Piece::Kind::unknown, std::string(text.substr(open, close - open + 1)), false});
    }
    start = close + 1;
  }
}

void append_symbol(SymbolicText& out, std::string name, bool distinct)
{
  out.push_back({Piece::Kind::symbol, std::move(name), distinct});
}

void append_value(const Model& model, const Value* value, SymbolicText& out, int depth);

/// The physical name of a resource: its name property when written, else a symbol of its own.
void append_name(const Model& model, const Resource& resource, std::string_view property, SymbolicText& out, int depth)
{
  const Value* name = property.empty() ? nullptr : resource.property(property);
  if (is_set(name) && name->kind != ValueKind::choice) {
    append_value(model, name, out, depth + 1);
  } else {
    append_symbol(out, "name:" + resource.id, true);
  }
}

struct ArnShape {
  std::string_view type;
  std::string_view attribute;  // "" for Ref
  std::string_view service;
  std::string_view prefix;     // after "account:"; the name follows
  std::string_view name_property;
  std::string_view suffix;
  bool regional = true;
  bool stream_suffix = false;  // DynamoDB StreamArn: table ARN + /stream/<timestamp>
};

// ARN formats: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// (per service), return values: the "Return values" section of each resource's CloudFormation page.
constexpr ArnShape k_arn_shapes[] = {
  {"AWS::SQS::Queue", "Arn", "sqs", "", "QueueName", "", true, false},
  {"AWS::SNS::Topic", "", "sns", "", "TopicName", "", true, false},
  {"AWS::SNS::Topic", "TopicArn", "sns", "", "TopicName", "", true, false},
  {"AWS::DynamoDB::Table", "Arn", "dynamodb", "table/", "TableName", "", true, false},
  {"AWS::DynamoDB::Table", "StreamArn", "dynamodb", "table/", "TableName", "", true, true},
  {"AWS::DynamoDB::GlobalTable", "Arn", "dynamodb", "table/", "TableName", "", true, false},
  {"AWS::DynamoDB::GlobalTable", "StreamArn", "dynamodb", "table/", "TableName", "", true, true},
  {"AWS::Kinesis::Stream", "Arn", "kinesis", "stream/", "Name", "", true, false},
  {"AWS::Lambda::Function", "Arn", "lambda", "function:", "FunctionName", "", true, false},
  {"AWS::Serverless::Function", "Arn", "lambda", "function:", "FunctionName", "", true, false}, // SAM: the AWS::Lambda::Function it generates
  {"AWS::Events::EventBus", "Arn", "events", "event-bus/", "Name", "", true, false},
  {"AWS::KMS::Key", "Arn", "kms", "key/", "", "", true, false},
  {"AWS::Logs::LogGroup", "Arn", "logs", "log-group:", "LogGroupName", ":*", true, false},
  {"AWS::S3::Bucket", "Arn", "s3", "", "BucketName", "", false, false},
};

// Refs that return a name (CloudFormation "Ref returns the name").
struct NameRef {
  std::string_view type;
  std::string_view name_property;
};
constexpr NameRef k_name_refs[] = {
  {"AWS::DynamoDB::Table", "TableName"},   {"AWS::Kinesis::Stream", "Name"},       {"AWS::Lambda::Function", "FunctionName"}, {"AWS::Serverless::Function", "FunctionName"},
  {"AWS::Events::EventBus", "Name"},       {"AWS::Logs::LogGroup", "LogGroupName"}, {"AWS::S3::Bucket", "BucketName"},
  {"AWS::SNS::Topic", ""} /* Ref is the ARN, handled by k_arn_shapes */,
};

void append_reference(const Model& model, const Reference& reference, SymbolicText& out, int depth)
{
  switch (reference.target) {
  case Reference::Target::pseudo:
    if (reference.name == "AWS::Partition") {
      append_literal(out, "aws");
    } else if (reference.name == "AWS::URLSuffix") {
      append_literal(out, "amazonaws.com");
    } else if (reference.name == "AWS::Region" || reference.name == "AWS::AccountId") {
      append_symbol(out, reference.name, true);
    } else {
      append_symbol(out, reference.name, false);
    }
    return;
  case Reference::Target::resource: break;
  default: out.push_back({Piece::Kind::unknown, "${" + reference.name + "}", false}); return;
  }
  const Resource* resource = depth < 8 ? model.find_resource(reference.name) : nullptr;
  if (resource != nullptr) {
    for (const ArnShape& shape : k_arn_shapes) {
      if (shape.type != resource->type || shape.attribute != reference.attribute) {
        continue;
      }
      append_literal(out, "arn:aws:");
      append_literal(out, shape.service);
      append_literal(out, ":");
      if (shape.regional) {
        append_symbol(out, "AWS::Region", true);
        append_literal(out, ":");
        append_symbol(out, "AWS::AccountId", true);
      } else {
        append_literal(out, ":");
      }
      append_literal(out, ":");
      append_literal(out, shape.prefix);
      if (shape.name_property.empty()) {
        append_symbol(out, "id:" + resource->id, true);
      } else {
        append_name(model, *resource, shape.name_property, out, depth);
      }
      append_literal(out, shape.suffix);
      if (shape.stream_suffix) {
        append_literal(out, "/stream/");
        out.push_back({Piece::Kind::unknown, "${" + resource->id + ".StreamLabel}", false});
      }
      return;
    }
    if (reference.attribute.empty()) {
      for (const NameRef& name_ref : k_name_refs) {
        if (name_ref.type == resource->type && !name_ref.name_property.empty()) {
          append_name(model, *resource, name_ref.name_property, out, depth);
          return;
        }
      }
    }
  }
  // Some other attribute: equal to itself, unknown otherwise.
  append_symbol(out, reference.attribute.empty() ? "ref:" + reference.name : "att:" + reference.name + "." + reference.attribute, false);
}

void append_value(const Model& model, const Value* value, SymbolicText& out, int depth)
{
  if (value == nullptr) {
    out.push_back({Piece::Kind::unknown, "${?}", false});
    return;
  }
  switch (value->kind) {
  case ValueKind::string:
  case ValueKind::number: append_policy_literal(out, value->text); return;
  case ValueKind::reference: append_reference(model, value->reference, out, depth); return;
  case ValueKind::text_template:
    for (const TemplatePart& part : value->parts) {
      if (part.is_reference) {
        append_reference(model, part.reference, out, depth);
      } else {
        append_policy_literal(out, part.literal);
      }
    }
    return;
  default: out.push_back({Piece::Kind::unknown, "${?}", false}); return;
  }
}

struct Token {
  enum class Kind : std::uint8_t { character, star, question, symbol, unknown };
  Kind kind = Kind::character;
  char character = 0;
  const Piece* piece = nullptr;
};

std::vector<Token> tokens_of(const SymbolicText& text, bool pattern)
{
  std::vector<Token> out;
  for (const Piece& piece : text) {
    switch (piece.kind) {
    case Piece::Kind::literal:
      for (char c : piece.text) {
        if (pattern && c == '*') {
          out.push_back({Token::Kind::star, c, nullptr});
        } else if (pattern && c == '?') {
          out.push_back({Token::Kind::question, c, nullptr});
        } else {
          out.push_back({Token::Kind::character, c, nullptr});
        }
      }
      break;
    case Piece::Kind::symbol: out.push_back({Token::Kind::symbol, 0, &piece}); break;
    case Piece::Kind::unknown: out.push_back({Token::Kind::unknown, 0, &piece}); break;
    }
  }
  return out;
}

Decision best(Decision a, Decision b) { return a > b ? a : b; }
Decision worst(Decision a, Decision b) { return a < b ? a : b; }

} // namespace

SymbolicText literal_text(std::string_view text)
{
  SymbolicText out;
  append_literal(out, text);
  return out;
}

std::optional<std::string> wildcard_scope(std::string_view resource)
{
  if (resource == "*") {
    return std::string();
  }
  if (!resource.starts_with("arn:")) {
    return std::nullopt;
  }
  std::size_t position = 0;
  std::vector<std::string_view> fields;
  for (int field = 0; field < 5; ++field) {
    const std::size_t colon = resource.find(':', position);
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    fields.push_back(resource.substr(position, colon - position));
    position = colon + 1;
  }
  const std::string_view rest = resource.substr(position);
  if (rest.empty() || rest.find_first_not_of("*:/") != std::string_view::npos || fields[2].find('*') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(fields[2]);
}

SymbolicText default_log_group_name(const Model& model, const Resource& function)
{
  SymbolicText group = literal_text("/aws/lambda/");
  Value name;
  name.kind = ValueKind::reference;
  name.reference = {Reference::Target::resource, function.id, {}};
  const SymbolicText function_name = symbolic_text(model, &name);
  group.insert(group.end(), function_name.begin(), function_name.end());
  return group;
}

SymbolicText log_stream_arn(const SymbolicText& group)
{
  SymbolicText subject = literal_text("arn:aws:logs:");
  subject.push_back({Piece::Kind::symbol, "AWS::Region", true});
  subject.push_back({Piece::Kind::literal, ":", false});
  subject.push_back({Piece::Kind::symbol, "AWS::AccountId", true});
  subject.push_back({Piece::Kind::literal, ":log-group:", false});
  subject.insert(subject.end(), group.begin(), group.end());
  // The log stream part (":log-stream:<name>", or ":*" as AWS's own policies write it).
  subject.push_back({Piece::Kind::unknown, "${log-stream}", false});
  return subject;
}

SymbolicText policy_text(std::string_view text)
{
  SymbolicText out;
  append_policy_literal(out, text);
  return out;
}

SymbolicText symbolic_text(const Model& model, const Value* value)
{
  SymbolicText out;
  append_value(model, value, out, 0);
  return out;
}

bool is_literal(const SymbolicText& text)
{
  return std::all_of(text.begin(), text.end(), [](const Piece& piece) { return piece.kind == Piece::Kind::literal; });
}

std::string to_display(const SymbolicText& text)
{
  std::string out;
  for (const Piece& piece : text) {
    if (piece.kind == Piece::Kind::literal) {
      out += piece.text;
    } else if (piece.kind == Piece::Kind::symbol) {
      // "name:Queue" (the physical name of Queue) reads as ${Queue}, as in Fn::Sub.
      const std::size_t colon = piece.text.find(':');
      const bool resource_name = piece.identity && colon != std::string::npos && piece.text.find("::") == std::string::npos;
      out += "${" + (resource_name ? piece.text.substr(colon + 1) : piece.text) + "}";
    } else {
      out += piece.text.empty() ? std::string("${?}") : piece.text;
    }
  }
  return out;
}

Decision resource_matches(const SymbolicText& pattern_text, const SymbolicText& subject_text)
{
  const std::vector<Token> pattern = tokens_of(pattern_text, true);
  const std::vector<Token> subject = tokens_of(subject_text, false);
  const std::size_t p_size = pattern.size();
  const std::size_t s_size = subject.size();
  // table[i][j]: does pattern[i..] match subject[j..]? Filled from the end.
  std::vector<Decision> table((p_size + 1) * (s_size + 1), Decision::no);
  auto at = [&](std::size_t i, std::size_t j) -> Decision& { return table[i * (s_size + 1) + j]; };
  // Pattern exhausted: the rest of the subject must be empty (unknown pieces may be).
  at(p_size, s_size) = Decision::yes;
  for (std::size_t j = s_size; j-- > 0;) {
    at(p_size, j) = subject[j].kind == Token::Kind::unknown ? worst(Decision::maybe, at(p_size, j + 1)) : Decision::no;
  }
  for (std::size_t i = p_size; i-- > 0;) {
    const Token& p = pattern[i];
    for (std::size_t j = s_size + 1; j-- > 0;) {
      Decision result = Decision::no;
      if (p.kind == Token::Kind::star) {
        result = at(i + 1, j);
        if (j < s_size) {
          result = best(result, at(i, j + 1));
        }
      } else if (j == s_size) {
        result = p.kind == Token::Kind::unknown ? worst(Decision::maybe, at(i + 1, j)) : Decision::no;
      } else {
        const Token& s = subject[j];
        if (p.kind == Token::Kind::unknown || s.kind == Token::Kind::unknown) {
          result = Decision::maybe;
        } else if (s.kind == Token::Kind::character) {
          if (p.kind == Token::Kind::character) {
            result = p.character == s.character ? at(i + 1, j + 1) : Decision::no;
          } else if (p.kind == Token::Kind::question) {
            result = at(i + 1, j + 1);
          } else {
            result = Decision::maybe; // a symbol in the pattern facing literal text
          }
        } else { // subject symbol
          if (p.kind == Token::Kind::symbol) {
            if (p.piece->text == s.piece->text) {
              result = at(i + 1, j + 1);
            } else if (p.piece->identity && s.piece->identity) {
              // Two different names: they differ unless a wildcard right after could absorb the
              // rest of a longer name that starts with the shorter one.
              const bool delimited = i + 1 == p_size || pattern[i + 1].kind == Token::Kind::character;
              result = delimited ? Decision::no : Decision::maybe;
            } else {
              result = Decision::maybe;
            }
          } else {
            result = Decision::maybe;
          }
        }
      }
      at(i, j) = result;
    }
  }
  return at(0, 0);
}

bool glob_matches(std::string_view pattern, std::string_view text, bool ignore_case)
{
  auto same = [&](char a, char b) {
    return ignore_case ? std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)) : a == b;
  };
  // Iterative wildcard matching with backtracking to the last star: linear in practice.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && same(pattern[p], text[t])))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

} // namespace lint::iam
