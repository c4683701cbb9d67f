#pragma once
// SAM policy templates (DynamoDBCrudPolicy, SQSPollerPolicy, S3ReadPolicy, ... 81 of them): a
// Policies item `{TemplateName: {Parameter: value}}` expands to the template's statements with
// every `{"Ref": Parameter}` replaced by the value the user wrote
// (samtranslator/policy_template_processor/template.py; the definitions are
// samtranslator/policy_templates_data/policy_templates.json, embedded at build time).

#include "analyzer/cfn/evaluator.h"
#include "parsers/node.h"

#include <string_view>

namespace lint::sam {

/// True when `name` is one of SAM's policy templates.
bool is_policy_template(std::string_view name);

/// Expands one use of a policy template into a policy document Value. `arguments` is the raw
/// mapping of parameter values as written (or null for templates without parameters); the
/// template's own text gets the range `at` (the user's Policies item), the substituted values keep
/// theirs. nullptr when the template is unknown or a parameter it needs is missing (SAM rejects
/// the template then).
const Value* expand_policy_template(cfn::Evaluator& evaluator, NodeArena& arena, std::string_view name, const Node* arguments,
                                    SourceRange at);

} // namespace lint::sam
