#pragma once
// Symbolic strings for IAM resource matching.
//
// THE CONTRACT WITH FRONTENDS (applies to everything under analyzer/iam/): frontends (CloudFormation,
// SAM, Terraform, audit inputs) only fill the facets of analyzer/model.h: Role (trust statements,
// policies in effect, permissions boundary, functions), Policy (origin, written document and
// statements, or for AWS managed policies only the ARN) and Function::execution_role. Everything
// interpretive lives here: statements are compiled, AWS managed policy documents are read from the
// compiled data set (lazily, cached, thread-safe), actions are matched against the IAM catalog and
// decisions are computed. A role built by any frontend gets the same analysis.
//
// A resource in a policy (a pattern) and a resource a function needs (a subject) are written as
// symbolic strings: literal text, references whose value we do not know but which equal themselves
// (`${Table.Arn}` is the same string everywhere in a template), and unknown pieces. References to
// resources of well-known types expand to their ARN structure (GetAtt Table.StreamArn is
// `arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/<Table's name>/stream/<unknown>`), so
// `${Table.Arn}` covers the table but not its stream, and `arn:aws:dynamodb:*:*:table/*` covers both.

#include "analyzer/model.h"

#include <optional>
#include <string>
#include <vector>

namespace lint::iam {

enum class Decision : std::uint8_t { no, maybe, yes };
std::string_view to_string(Decision decision);

struct Piece {
  enum class Kind : std::uint8_t { literal, symbol, unknown };
  Kind kind = Kind::literal;
  std::string text;      // literal text, or the symbol's identity ("name:Queue", "AWS::Region")
  /// A symbol that is the physical name of one resource: two different identity symbols are
  /// different strings (two resources of a stack never share a name).
  bool identity = false;
};

/// Literal pieces are merged; an empty list is the empty string.
using SymbolicText = std::vector<Piece>;

/// A plain literal.
SymbolicText literal_text(std::string_view text);
/// Literal text written in a policy: policy variables (`${aws:username}`) become unknown pieces,
/// `${*}` `${?}` `${$}` the characters they escape.
SymbolicText policy_text(std::string_view text);
/// The symbolic string a Value stands for: strings, references (expanded to ARN structure for
/// well-known resource types), Fn::Sub / Fn::Join templates. Anything else is one unknown piece.
/// `${AWS::Partition}` is taken as "aws" and `${AWS::URLSuffix}` as "amazonaws.com" (documented in
/// docs/iam.md). Policy variables (`${aws:username}`) in literal text are unknown pieces.
SymbolicText symbolic_text(const Model& model, const Value* value);
/// The name of the log group Lambda creates for a function, /aws/lambda/<its name> (a function's
/// Ref is its name). https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
SymbolicText default_log_group_name(const Model& model, const Resource& function);
/// The ARN of a log stream in the log group named `group`, in this account and Region: what
/// logs:CreateLogStream and logs:PutLogEvents must allow for a function to write its logs.
SymbolicText log_stream_arn(const SymbolicText& group);
/// For an IAM Resource pattern that is `*`, or an ARN whose resource part is only wildcards: the
/// service it names ("" for `*`); nullopt for any narrower pattern.
std::optional<std::string> wildcard_scope(std::string_view resource);
/// Whether the text holds no symbol and no unknown piece.
bool is_literal(const SymbolicText& text);
/// Human form: literals as written, symbols as ${...}, unknown as ${?}.
std::string to_display(const SymbolicText& text);

/// Does the IAM resource pattern (with `*` and `?` wildcards in its literal pieces) match the
/// subject? Case-sensitive, as AWS compares ARNs. Three-valued: a symbol facing literal text is
/// `maybe`, an unknown piece is `maybe`.
Decision resource_matches(const SymbolicText& pattern, const SymbolicText& subject);

/// Glob over plain strings with `*` and `?`; case-insensitive when asked (action names).
bool glob_matches(std::string_view pattern, std::string_view text, bool ignore_case);

} // namespace lint::iam
