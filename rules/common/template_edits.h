#pragma once
// Fixes that add to a CloudFormation template: a new resource next to an existing one, a DependsOn
// on a resource. Written in the file's own syntax (block-style YAML or JSON) and indentation;
// when the layout is not one we can edit safely (flow-style YAML, a resource on one line), the
// helpers return nothing and the finding goes without a fix.

#include "analyzer/model.h"
#include "support/finding.h"

#include <optional>
#include <string>
#include <vector>

namespace lint::rules {

/// A property value in a new resource, rendered in YAML short form or JSON long form.
struct TemplateExpression {
  enum class Kind : std::uint8_t { literal, ref, get_att, sub };
  Kind kind = Kind::literal;
  std::string text;      // the literal, the Ref target, the GetAtt resource, the Sub string
  std::string attribute; // GetAtt attribute

  static TemplateExpression literal(std::string text) { return {Kind::literal, std::move(text), {}}; }
  static TemplateExpression ref(std::string name) { return {Kind::ref, std::move(name), {}}; }
  static TemplateExpression get_att(std::string name, std::string attribute) { return {Kind::get_att, std::move(name), std::move(attribute)}; }
  static TemplateExpression sub(std::string text) { return {Kind::sub, std::move(text), {}}; }
};

struct NewResource {
  std::string id;
  std::string type;
  std::vector<std::pair<std::string, TemplateExpression>> properties;
};

/// Whether the file is JSON (its first non-blank character is `{`).
bool is_json_file(const SourceFile& file);

/// A logical id not yet declared: `base`, or `base2`, `base3`...
std::string unused_logical_id(const Model& model, const std::string& base);

/// Inserts `resource` right after `anchor` (same indentation), or nullopt when the layout is not
/// one we can edit.
std::optional<TextEdit> insert_resource_after(const Resource& anchor, const NewResource& resource);

/// The AWS::Lambda::Permission a trigger needs (LL201's fix): the function's ARN, the trigger's
/// service principal, and SourceArn / SourceAccount where they can be written without a
/// dependency cycle. nullopt when no safely scoped permission can be written.
std::optional<NewResource> invoke_permission_resource(const Model& model, const Trigger& trigger, std::string id);

/// The ARN of the log streams of a function's default log group as the file writes a Sub
/// (`!Sub "arn:${AWS::Partition}:logs:...:log-group:/aws/lambda/<name>:*"` or its JSON form).
/// `name` is the function's name as name_text renders it (parameters and pseudo parameters only);
/// without one, the group of every function (`/aws/lambda/*`): naming the function itself
/// (`${Fn}`) in its own role's policy would make the role depend on the function that depends on
/// the role, a circular dependency CloudFormation rejects.
std::string default_log_group_arn_source(const Resource& function, const std::optional<std::string>& name);

/// Adds `DependsOn: <dependency>` to a resource that has no DependsOn yet, or nullopt.
std::optional<TextEdit> add_depends_on(const Resource& resource, std::string_view dependency);

} // namespace lint::rules
