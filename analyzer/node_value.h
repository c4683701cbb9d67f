#pragma once
// One conversion from a parsed document's nodes (parsers/node.h: YAML, JSON) to model Values,
// for the places that read data without evaluating it: template and resource Metadata, AWS CLI
// exports, JSON policy documents written inside strings. The CloudFormation and Terraform
// evaluators convert while they evaluate (intrinsics, interpolations) and use parse_number only.

#include "analyzer/value.h"
#include "parsers/node.h"

#include <functional>
#include <string_view>

namespace lint {

/// A number as CloudFormation and JSON write it: decimal, optional sign, fraction and exponent, at
/// most 40 characters. Leading zeros and hex are accepted by from_chars as decimal digits; callers
/// that must keep "007" a string check the text themselves.
bool parse_number(std::string_view text, double& out);

struct NodeValueOptions {
  /// Unquoted `true`/`false` become booleans and unquoted numbers numbers (JSON's and YAML's
  /// plain scalars). Off: every scalar is the string it is written as (Metadata is read by
  /// lambdalint itself, never typed by CloudFormation).
  bool typed_scalars = true;
  /// The file every value is written in, when it is not the unit's main file (an export, an
  /// embedded document); nullptr leaves Value::file empty.
  SourceFilePtr file;
  /// Deeper nodes become one unknown value "nested too deeply".
  int max_depth = 64;
  /// Maps a node's range to the file's (a document decoded from a string literal); identity when empty.
  std::function<SourceRange(SourceRange)> map_range;
};

/// The node as a plain value (intrinsic functions stay the maps they are written as); nullptr for
/// nullptr. Null items of sequences and null entries are kept as null values.
const Value* node_value(const Node* node, ValueArena& values, const NodeValueOptions& options = {});

} // namespace lint
