#include "rules/common/template_edits.h"

#include <fmt/format.h>

#include <cctype>

namespace lint::rules {
namespace {

std::string json_string(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

/// A YAML scalar: plain when that reads back as the same string, double-quoted otherwise.
std::string yaml_scalar(std::string_view text)
{
  // `lambda:InvokeFunction` is plain; ": " and " #" would start a mapping or a comment.
  const bool plain = !text.empty() && text.find_first_of("{}[],&*!|>'\"%@`") == std::string_view::npos &&
                     text.find(": ") == std::string_view::npos && text.find(" #") == std::string_view::npos &&
                     text.front() != ' ' && text.back() != ' ' && text.back() != ':' && text.front() != '-' &&
                     text.front() != '?' && text.front() != '#';
  const bool looks_typed = text == "true" || text == "false" || text == "null" || text == "yes" || text == "no" ||
                           (!text.empty() && (std::isdigit(static_cast<unsigned char>(text.front())) != 0));
  if (plain && !looks_typed) {
    return std::string(text);
  }
  return json_string(text); // a JSON string is a valid YAML double-quoted scalar
}

std::string render_yaml(const TemplateExpression& expression)
{
  switch (expression.kind) {
  case TemplateExpression::Kind::literal: return yaml_scalar(expression.text);
  case TemplateExpression::Kind::ref: return "!Ref " + expression.text;
  case TemplateExpression::Kind::get_att: return fmt::format("!GetAtt {}.{}", expression.text, expression.attribute);
  case TemplateExpression::Kind::sub: return "!Sub " + json_string(expression.text);
  }
  return {};
}

std::string render_json(const TemplateExpression& expression)
{
  switch (expression.kind) {
  case TemplateExpression::Kind::literal: return json_string(expression.text);
  case TemplateExpression::Kind::ref: return fmt::format("{{\"Ref\": {}}}", json_string(expression.text));
  case TemplateExpression::Kind::get_att:
    return fmt::format("{{\"Fn::GetAtt\": [{}, {}]}}", json_string(expression.text), json_string(expression.attribute));
  case TemplateExpression::Kind::sub: return fmt::format("{{\"Fn::Sub\": {}}}", json_string(expression.text));
  }
  return {};
}

std::size_t indentation(std::string_view line)
{
  std::size_t spaces = 0;
  while (spaces < line.size() && line[spaces] == ' ') {
    ++spaces;
  }
  return spaces;
}

/// The indentation of a resource's logical id and of its children (the line holding `Type`), when
/// the resource is laid out one entry per line.
struct Layout {
  std::size_t id_indent = 0;
  std::size_t child_indent = 0;
  std::uint32_t type_line = 0;
};

std::optional<Layout> layout_of(const Resource& resource)
{
  if (resource.file == nullptr || resource.type_range.empty()) {
    return std::nullopt;
  }
  const SourceFile& file = *resource.file;
  const LineColumn id = file.byte_position(resource.id_range.begin);
  const LineColumn type = file.byte_position(resource.type_range.begin);
  if (type.line <= id.line) {
    return std::nullopt; // `Fn: {Type: ...}` on one line
  }
  const std::string_view id_line = file.line_text(id.line);
  const std::string_view type_line = file.line_text(type.line);
  Layout layout;
  layout.id_indent = indentation(id_line);
  layout.child_indent = indentation(type_line);
  layout.type_line = type.line;
  // The id must start its line (block style) and the children must be deeper.
  const std::size_t key_column = id.column - 1;
  const bool json = is_json_file(file);
  if ((key_column != layout.id_indent) || layout.child_indent <= layout.id_indent) {
    return std::nullopt;
  }
  const std::string_view after_type = type_line.substr(indentation(type_line));
  if (!(json ? after_type.starts_with("\"Type\"") : after_type.starts_with("Type"))) {
    return std::nullopt;
  }
  return layout;
}

} // namespace

bool is_json_file(const SourceFile& file)
{
  const std::string_view text = file.text();
  const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string_view::npos && text[first] == '{';
}

std::string unused_logical_id(const Model& model, const std::string& base)
{
  std::string id = base;
  for (int suffix = 2; model.find_resource(id) != nullptr; ++suffix) {
    id = fmt::format("{}{}", base, suffix);
  }
  return id;
}

std::optional<TextEdit> insert_resource_after(const Resource& anchor, const NewResource& resource)
{
  const std::optional<Layout> layout = layout_of(anchor);
  if (!layout || anchor.range.end == 0) {
    return std::nullopt;
  }
  const SourceFile& file = *anchor.file;
  const std::string id_pad(layout->id_indent, ' ');
  const std::string step(layout->child_indent - layout->id_indent, ' ');
  if (is_json_file(file)) {
    if (file.text()[anchor.range.end - 1] != '}') {
      return std::nullopt;
    }
    std::string text = fmt::format(",\n{}{}: {{\n{}{}\"Type\": {}", id_pad, json_string(resource.id), id_pad, step, json_string(resource.type));
    if (!resource.properties.empty()) {
      text += fmt::format(",\n{}{}\"Properties\": {{", id_pad, step);
      bool first = true;
      for (const auto& [key, value] : resource.properties) {
        text += fmt::format("{}\n{}{}{}{}: {}", first ? "" : ",", id_pad, step, step, json_string(key), render_json(value));
        first = false;
      }
      text += fmt::format("\n{}{}}}", id_pad, step);
    }
    text += fmt::format("\n{}}}", id_pad);
    return TextEdit{{anchor.range.end, anchor.range.end}, std::move(text)};
  }
  // YAML: a new entry at the start of the line after the anchor's last line.
  const LineColumn last = file.byte_position(anchor.range.end - 1);
  std::string text;
  std::uint32_t at = 0;
  if (last.line < file.line_count()) {
    at = file.line_start(last.line + 1);
  } else {
    at = static_cast<std::uint32_t>(file.text().size());
    text += "\n";
  }
  text += fmt::format("{}{}:\n{}{}Type: {}\n", id_pad, resource.id, id_pad, step, resource.type);
  if (!resource.properties.empty()) {
    text += fmt::format("{}{}Properties:\n", id_pad, step);
    for (const auto& [key, value] : resource.properties) {
      text += fmt::format("{}{}{}{}: {}\n", id_pad, step, step, key, render_yaml(value));
    }
  }
  return TextEdit{{at, at}, std::move(text)};
}

std::optional<TextEdit> add_depends_on(const Resource& resource, std::string_view dependency)
{
  if (!resource.depends_on.empty()) {
    return std::nullopt;
  }
  const std::optional<Layout> layout = layout_of(resource);
  if (!layout) {
    return std::nullopt;
  }
  const SourceFile& file = *resource.file;
  const std::string pad(layout->child_indent, ' ');
  // The Type value must end its line (nothing but a comment may follow).
  const LineColumn type_end = file.byte_position(resource.type_range.end);
  if (type_end.line != layout->type_line) {
    return std::nullopt;
  }
  const std::string_view rest = file.line_text(layout->type_line).substr(type_end.column - 1);
  const std::size_t content = rest.find_first_not_of(" \t");
  if (is_json_file(file)) {
    if (content != std::string_view::npos && rest[content] != ',') {
      return std::nullopt;
    }
    return TextEdit{{resource.type_range.end, resource.type_range.end},
                    fmt::format(",\n{}\"DependsOn\": {}", pad, json_string(dependency))};
  }
  if (content != std::string_view::npos && rest[content] != '#') {
    return std::nullopt;
  }
  if (layout->type_line >= file.line_count()) {
    return std::nullopt;
  }
  const std::uint32_t at = file.line_start(layout->type_line + 1);
  return TextEdit{{at, at}, fmt::format("{}DependsOn: {}\n", pad, dependency)};
}

namespace {

/// The scoping properties of the permission the fix adds: SourceArn naming the trigger's source
/// when it can be written without a dependency cycle, and SourceAccount where AWS recommends it.
/// Returns false when no safely scoped permission can be written (no fix then).
bool add_scope(const Model& model, const Trigger& trigger, NewResource& permission)
{
  using Expr = TemplateExpression;
  const Resource* source = trigger.source_resource;
  const auto account = Expr::ref("AWS::AccountId");
  switch (trigger.kind) {
  case TriggerKind::s3: {
    // The bucket must depend on the permission (LL206), so the permission cannot reference the
    // bucket: the ARN is built from the bucket's name when it is written, and SourceAccount is
    // always set because bucket ARNs carry no account.
    const Bucket* bucket = source != nullptr ? model.find_bucket(source->id) : nullptr;
    const Value* name = bucket != nullptr ? bucket->name : nullptr;
    if (name != nullptr && !name->via_parameter.empty()) {
      permission.properties.emplace_back("SourceArn", Expr::sub(fmt::format("arn:${{AWS::Partition}}:s3:::${{{}}}", name->via_parameter)));
    } else if (const auto text = name_text(name)) {
      permission.properties.emplace_back("SourceArn", Expr::sub("arn:${AWS::Partition}:s3:::" + *text));
    }
    permission.properties.emplace_back("SourceAccount", account);
    return true;
  }
  case TriggerKind::sns:
    if (source != nullptr) {
      permission.properties.emplace_back("SourceArn", Expr::ref(source->id));
    } else if (const auto text = as_string(trigger.source_arn)) {
      permission.properties.emplace_back("SourceArn", Expr::literal(std::string(*text)));
    } else {
      permission.properties.emplace_back("SourceAccount", account);
    }
    return true;
  case TriggerKind::api_rest:
  case TriggerKind::api_http:
    if (source == nullptr) {
      return false;
    }
    permission.properties.emplace_back(
      "SourceArn", Expr::sub(fmt::format("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/*", source->id)));
    return true;
  case TriggerKind::events:
  case TriggerKind::cognito:
  case TriggerKind::iot:
    if (source == nullptr) {
      return false;
    }
    permission.properties.emplace_back("SourceArn", Expr::get_att(source->id, "Arn"));
    return true;
  case TriggerKind::logs:
    if (source != nullptr) {
      permission.properties.emplace_back("SourceArn", Expr::get_att(source->id, "Arn"));
    } else {
      permission.properties.emplace_back("SourceAccount", account);
    }
    return true;
  case TriggerKind::ses:
    // SES recommends SourceAccount (a receipt rule's ARN is not an attribute CloudFormation returns).
    permission.properties.emplace_back("SourceAccount", account);
    return true;
  default:
    // ALB target groups register the function when they are created, so the permission must exist
    // first and cannot name the target group's generated ARN: the fix is left to the author.
    return false;
  }
}

} // namespace

std::optional<NewResource> invoke_permission_resource(const Model& model, const Trigger& trigger, std::string id)
{
  const Function& function = *trigger.function;
  NewResource permission;
  permission.id = std::move(id);
  permission.type = "AWS::Lambda::Permission";
  permission.properties.emplace_back("FunctionName", TemplateExpression::get_att(function.resource->id, "Arn"));
  permission.properties.emplace_back("Action", TemplateExpression::literal("lambda:InvokeFunction"));
  permission.properties.emplace_back("Principal", TemplateExpression::literal(std::string(trigger.principal)));
  if (!add_scope(model, trigger, permission)) {
    return std::nullopt;
  }
  return permission;
}

std::string default_log_group_arn_source(const Resource& function, const std::optional<std::string>& name)
{
  const std::string arn = fmt::format("arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/lambda/{}:*",
                                      name && !name->empty() ? *name : std::string("*"));
  return is_json_file(*function.file) ? fmt::format("{{\"Fn::Sub\": \"{}\"}}", arn) : fmt::format("!Sub \"{}\"", arn);
}

} // namespace lint::rules
