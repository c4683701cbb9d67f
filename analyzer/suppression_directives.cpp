// The directive grammar: `# lambdalint:ignore` comments, the other tools' comment forms, resource
// and template Metadata, and the scope each directive covers. Applying them to findings is
// suppressions.cpp; finding the comments is suppression_comments.cpp.

#include "analyzer/suppression_text.h"
#include "parsers/node.h"
#include "support/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace lint {
namespace {

using suppression_detail::is_space;
using suppression_detail::trim;

// Verified ids: cfn-lint rule classes (src/cfnlint/rules/...: E3002 Properties, E3505
// EventSourceMappingToSqsTimeout, W2531 DeprecatedRuntimeEol), checkov checks
// (checkov/cloudformation/checks/resource/aws/Lambda*.py, DeprecatedLambdaRuntime.py;
// checkov/terraform/checks/resource/aws/LambdaXrayEnabled.py) and cfn_nag rules
// (lib/cfn-nag/custom_rules/Lambda*.rb), tfsec / trivy checks (aquasecurity's aws/lambda checks:
// enable-tracing is AVD-AWS-0066, restrict-source-arn asks for a source ARN on a permission;
// https://aquasecurity.github.io/tfsec/latest/checks/aws/lambda). The table in
// docs/suppressions.md mirrors this one.
constexpr std::array<ForeignRuleMapping, 21> k_foreign_mappings{{
  {"cfn-lint", "E3002", "LL004"},
  {"cfn-lint", "E3505", "LL402"},
  {"cfn-lint", "W2531", "LL801"},
  {"checkov", "CKV_AWS_45", "LL602"},
  {"checkov", "CKV_AWS_50", "LL803"},
  {"checkov", "CKV_AWS_115", "LL701"},
  {"checkov", "CKV_AWS_116", "LL802"},
  {"checkov", "CKV_AWS_117", "LL501"},
  {"checkov", "CKV_AWS_173", "LL601"},
  {"checkov", "CKV_AWS_258", "LL204"},
  {"checkov", "CKV_AWS_363", "LL801"},
  {"cfn_nag", "F13", "LL202"},
  {"cfn_nag", "W24", "LL207"},
  {"cfn_nag", "W89", "LL501"},
  {"cfn_nag", "W92", "LL701"},
  {"tfsec", "aws-lambda-enable-tracing", "LL803"},
  {"tfsec", "AVD-AWS-0066", "LL803"},
  {"tfsec", "aws-lambda-restrict-source-arn", "LL203"},
  {"trivy", "aws-lambda-enable-tracing", "LL803"},
  {"trivy", "AVD-AWS-0066", "LL803"},
  {"trivy", "aws-lambda-restrict-source-arn", "LL203"},
}};

// --- comment directives ------------------------------------------------------------------------

bool is_rule_token_char(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/// `lambdalint:ignore LL101,LL102 [until=YYYY-MM-DD] reason` (the comment text after its marker).
std::optional<SuppressionDirective> parse_lambdalint_comment(const Comment& comment, const SourceFilePtr& file)
{
  constexpr std::string_view k_marker = "lambdalint:ignore";
  std::string_view text = comment.text;
  const std::size_t leading = text.find_first_not_of(" \t");
  if (leading == std::string_view::npos || text.substr(leading, k_marker.size()) != k_marker) {
    return std::nullopt;
  }
  SuppressionDirective directive;
  directive.origin = SuppressionDirective::Origin::comment;
  directive.location = {file, comment.range};
  const auto text_offset = static_cast<std::uint32_t>(comment.range.end - comment.text.size());
  std::size_t i = leading + k_marker.size();
  if (i < text.size() && !is_space(text[i])) {
    return std::nullopt; // lambdalint:ignored, lambdalint:ignore-file...: not ours
  }
  while (i < text.size() && is_space(text[i])) {
    ++i;
  }
  // Rule list: tokens separated by commas (spaces after a comma allowed).
  while (i < text.size() && is_rule_token_char(text[i])) {
    const std::size_t start = i;
    while (i < text.size() && is_rule_token_char(text[i])) {
      ++i;
    }
    directive.rules.emplace_back(text.substr(start, i - start));
    directive.rule_ranges.push_back({text_offset + static_cast<std::uint32_t>(start), text_offset + static_cast<std::uint32_t>(i)});
    std::size_t after = i;
    while (after < text.size() && is_space(text[after])) {
      ++after;
    }
    if (after < text.size() && text[after] == ',') {
      i = after + 1;
      while (i < text.size() && is_space(text[i])) {
        ++i;
      }
      continue;
    }
    break;
  }
  while (i < text.size() && is_space(text[i])) {
    ++i;
  }
  std::string_view rest = text.substr(std::min(i, text.size()));
  if (rest.starts_with("until=")) {
    const std::size_t end = std::min(rest.find_first_of(" \t"), rest.size());
    const std::string_view date = rest.substr(6, end - 6);
    directive.until = parse_iso_date(date);
    if (!directive.until) {
      directive.problem = fmt::format("'until={}' is not a date (YYYY-MM-DD)", date);
    }
    rest = rest.substr(end);
  }
  directive.reason = std::string(trim(rest));
  if (directive.rules.empty()) {
    directive.problem = "lambdalint:ignore names no rule (write `# lambdalint:ignore LL101 reason`)";
  }
  return directive;
}

/// checkov's `#checkov:skip=CKV_AWS_115:reason` (also `bridgecrew:skip=`), the regex of
/// checkov/common/comment/enum.py: `(checkov:skip=|bridgecrew:skip=) *([A-Z_\d]+)(:[^\n]+)?`.
std::optional<SuppressionDirective> parse_checkov_comment(const Comment& comment, const SourceFilePtr& file)
{
  std::string_view text = comment.text;
  std::size_t at = text.find("checkov:skip=");
  std::size_t marker = 13;
  if (at == std::string_view::npos) {
    at = text.find("bridgecrew:skip=");
    marker = 16;
  }
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t i = at + marker;
  while (i < text.size() && text[i] == ' ') {
    ++i;
  }
  const std::size_t start = i;
  while (i < text.size() && ((text[i] >= 'A' && text[i] <= 'Z') || text[i] == '_' || (text[i] >= '0' && text[i] <= '9'))) {
    ++i;
  }
  if (i == start) {
    return std::nullopt;
  }
  SuppressionDirective directive;
  directive.origin = SuppressionDirective::Origin::checkov;
  directive.location = {file, comment.range};
  directive.rules.emplace_back(text.substr(start, i - start));
  directive.rule_ranges.push_back(comment.range);
  if (i < text.size() && text[i] == ':') {
    directive.reason = std::string(trim(text.substr(i + 1)));
  }
  return directive;
}

/// tfsec's `#tfsec:ignore:aws-lambda-enable-tracing` and trivy's `#trivy:ignore:AVD-AWS-0066`,
/// optionally followed by `:exp:YYYY-MM-DD` (the ignore expires then)
/// (https://aquasecurity.github.io/tfsec/latest/guides/configuration/ignores/). tfsec also reads
/// several in one comment: `#tfsec:ignore:a tfsec:ignore:b`.
std::vector<SuppressionDirective> parse_tfsec_comment(const Comment& comment, const SourceFilePtr& file)
{
  std::vector<SuppressionDirective> out;
  const std::string_view text = comment.text;
  for (const auto& [marker, origin] : {std::pair<std::string_view, SuppressionDirective::Origin>{"tfsec:ignore:", SuppressionDirective::Origin::tfsec},
                                       {"trivy:ignore:", SuppressionDirective::Origin::trivy}}) {
    for (std::size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, at + 1)) {
      std::size_t i = at + marker.size();
      const std::size_t start = i;
      while (i < text.size() && is_rule_token_char(text[i])) {
        ++i;
      }
      if (i == start) {
        continue;
      }
      SuppressionDirective directive;
      directive.origin = origin;
      directive.location = {file, comment.range};
      directive.rules.emplace_back(text.substr(start, i - start));
      directive.rule_ranges.push_back(comment.range);
      constexpr std::string_view k_expiry = ":exp:";
      if (text.substr(i, k_expiry.size()) == k_expiry) {
        const std::string_view date = text.substr(i + k_expiry.size(), 10);
        int year = 0;
        unsigned month = 0;
        unsigned day = 0;
        if (date.size() == 10 && std::sscanf(std::string(date).c_str(), "%4d-%2u-%2u", &year, &month, &day) == 3) {
          const std::chrono::year_month_day until{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
          if (until.ok()) {
            directive.until = std::chrono::sys_days{until};
          }
        }
      }
      out.push_back(std::move(directive));
    }
  }
  return out;
}

// --- scopes ----------------------------------------------------------------------------------------

/// For every line where a resource, a property or a list item starts: the furthest end of what
/// starts there. A comment designating that line covers all of it.
class BlockIndex {
public:
  BlockIndex(const Model& model, const SourceFile& file) : m_file(file)
  {
    for (const Resource& resource : model.resources) {
      if (resource.file.get() != &file && (!resource.file || resource.file->path() != file.path())) {
        continue;
      }
      add(resource.id_range.begin, resource.range.end);
      add_value(resource.properties, 0);
      if (resource.properties != nullptr) {
        add(resource.properties_key_range.begin, resource.properties->range.end);
      }
    }
  }

  /// Range covered by a comment that designates 1-based `line`.
  SourceRange scope_of_line(std::uint32_t line) const
  {
    const std::uint32_t start = m_file.line_start(line);
    const std::uint32_t line_end = line < m_file.line_count() ? m_file.line_start(line + 1) : static_cast<std::uint32_t>(m_file.text().size());
    std::uint32_t end = line_end;
    if (const auto it = m_end_by_line.find(line); it != m_end_by_line.end()) {
      end = std::max(end, it->second);
    }
    return {start, end};
  }

private:
  void add(std::uint32_t begin, std::uint32_t end)
  {
    if (begin > m_file.text().size() || end < begin) {
      return;
    }
    const std::uint32_t line = m_file.byte_position(begin).line;
    std::uint32_t& furthest = m_end_by_line[line];
    furthest = std::max(furthest, end);
  }

  void add_value(const Value* value, int depth)
  {
    if (value == nullptr || depth > 64) {
      return;
    }
    for (const ValueEntry& entry : value->entries) {
      if (entry.value != nullptr && entry.key_range.end > entry.key_range.begin) {
        add(entry.key_range.begin, std::max(entry.key_range.end, entry.value->range.end));
      }
      add_value(entry.value, depth + 1);
    }
    for (const Value* item : value->items) {
      if (item != nullptr) {
        add(item->range.begin, item->range.end);
        add_value(item, depth + 1);
      }
    }
  }

  const SourceFile& m_file;
  std::map<std::uint32_t, std::uint32_t> m_end_by_line;
};

/// The line a comment designates: its own line when code precedes it, else the next line with
/// code (blank lines and other comment lines are skipped).
std::optional<std::uint32_t> designated_line(const SourceFile& file, const Comment& comment)
{
  std::uint32_t line = file.byte_position(comment.range.begin).line;
  if (!comment.own_line) {
    return line;
  }
  for (++line; line <= file.line_count(); ++line) {
    const std::string_view text = trim(file.line_text(line));
    if (text.empty() || text.starts_with('#') || text.starts_with("//")) {
      continue;
    }
    return line;
  }
  return std::nullopt;
}

// --- Metadata directives -------------------------------------------------------------------------

std::vector<const Value*> list_or_single(const Value* value)
{
  if (value == nullptr) {
    return {};
  }
  if (value->kind == ValueKind::list) {
    return {value->items.begin(), value->items.end()};
  }
  return {value};
}

void add_metadata_directives(const Value* metadata, SourceRange scope, bool template_level, const SourceFilePtr& file,
                             bool respect_other_tools, std::vector<SuppressionDirective>& out)
{
  if (metadata == nullptr || metadata->kind != ValueKind::map) {
    return;
  }
  const auto origin = template_level ? SuppressionDirective::Origin::template_metadata : SuppressionDirective::Origin::metadata;
  // lambdalint: {ignore: [{rule: LL101, reason: ..., until: YYYY-MM-DD}, LL102]}
  for (const Value* entry : list_or_single(get_path(metadata, {"lambdalint", "ignore"}))) {
    SuppressionDirective directive;
    directive.origin = origin;
    directive.scope = scope;
    directive.location = {file, entry->range};
    if (const auto id = as_string(entry)) {
      directive.rules.emplace_back(*id);
      directive.rule_ranges.push_back(entry->range);
    } else if (entry->kind == ValueKind::map) {
      const Value* rule = entry->get("rule");
      if (rule == nullptr) {
        rule = entry->get("id");
      }
      for (const Value* item : list_or_single(rule)) {
        if (const auto item_id = as_string(item)) {
          directive.rules.emplace_back(*item_id);
          directive.rule_ranges.push_back(item->range);
        }
      }
      if (const auto reason = as_string(entry->get("reason"))) {
        directive.reason = std::string(trim(*reason));
      }
      if (const Value* until = entry->get("until")) {
        const auto text = as_string(until);
        directive.until = text ? parse_iso_date(*text) : std::nullopt;
        if (!directive.until) {
          directive.problem = fmt::format("until '{}' is not a date (YYYY-MM-DD)", text.value_or(""));
        }
      }
      if (directive.rules.empty()) {
        directive.problem = "a lambdalint ignore entry needs `rule: LLnnn`";
      }
    } else {
      continue;
    }
    out.push_back(std::move(directive));
  }
  if (!respect_other_tools) {
    return;
  }
  auto foreign = [&](SuppressionDirective::Origin tool, const Value* id, const Value* reason, const Value* where) {
    const auto text = as_string(id);
    if (!text) {
      return;
    }
    SuppressionDirective directive;
    directive.origin = tool;
    directive.scope = scope;
    directive.location = {file, where->range};
    directive.rules.emplace_back(*text);
    directive.rule_ranges.push_back(id->range);
    if (const auto because = as_string(reason)) {
      directive.reason = std::string(*because);
    }
    out.push_back(std::move(directive));
  };
  // cfn-lint: Metadata.cfn-lint.config.ignore_checks: [E3002]
  for (const Value* id : list_or_single(get_path(metadata, {"cfn-lint", "config", "ignore_checks"}))) {
    foreign(SuppressionDirective::Origin::cfn_lint, id, nullptr, id);
  }
  // cfn_nag: Metadata.cfn_nag.rules_to_suppress: [{id: W89, reason: ...}]
  for (const Value* entry : list_or_single(get_path(metadata, {"cfn_nag", "rules_to_suppress"}))) {
    foreign(SuppressionDirective::Origin::cfn_nag, entry->get("id"), entry->get("reason"), entry);
  }
  // checkov: Metadata.checkov.skip: [{id: CKV_AWS_115, comment: ...}] (also bridgecrew)
  for (const std::string_view key : {"checkov", "bridgecrew"}) {
    for (const Value* entry : list_or_single(get_path(metadata, {key, "skip"}))) {
      foreign(SuppressionDirective::Origin::checkov, entry->get("id"), entry->get("comment"), entry);
    }
  }
}

} // namespace

std::string_view to_string(SuppressionDirective::Origin origin)
{
  using Origin = SuppressionDirective::Origin;
  switch (origin) {
  case Origin::comment:
    return "comment";
  case Origin::metadata:
    return "metadata";
  case Origin::template_metadata:
    return "template-metadata";
  case Origin::cfn_lint:
    return "cfn-lint";
  case Origin::checkov:
    return "checkov";
  case Origin::cfn_nag:
    return "cfn_nag";
  case Origin::tfsec:
    return "tfsec";
  case Origin::trivy:
    return "trivy";
  }
  return "comment";
}

std::span<const ForeignRuleMapping> foreign_rule_mappings()
{
  return k_foreign_mappings;
}

namespace {

// --- .tf.json comment properties ------------------------------------------------------------------
// Terraform's JSON syntax has no comments: a "//" property of an object is one, ignored by
// Terraform (https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties).
// A `lambdalint:ignore` directive written as its string value (or as a string of an array value)
// covers the object it is written in, together with the key that names that object: in a
// resource's body, the whole resource from its name key on.

struct CommentProperty {
  Comment comment; // the string's content, without its quotes
  SourceRange scope;
};

constexpr int k_max_json_depth = 64;

void add_comment_strings(const Node* value, SourceRange scope, std::string_view text, std::vector<CommentProperty>& out)
{
  std::vector<const Node*> strings;
  if (value != nullptr && value->is_scalar() && value->quoted) {
    strings.push_back(value);
  } else if (value != nullptr && value->is_sequence()) {
    for (const Node* item : value->items) {
      if (item != nullptr && item->is_scalar() && item->quoted) {
        strings.push_back(item);
      }
    }
  }
  for (const Node* string : strings) {
    // The text between the quotes as written, so every offset inside it is the file's own.
    if (string->range.end - string->range.begin < 2 || string->range.end > text.size()) {
      continue;
    }
    const SourceRange content{string->range.begin + 1, string->range.end - 1};
    out.push_back({{content, text.substr(content.begin, content.end - content.begin), false}, scope});
  }
}

void collect_comment_properties(const Node* node, SourceRange scope, std::string_view text, std::vector<CommentProperty>& out, int depth)
{
  if (node == nullptr || depth > k_max_json_depth) {
    return;
  }
  if (node->is_sequence()) {
    for (const Node* item : node->items) {
      // An object of an array (repeated blocks) is named by no key of its own: it is its scope.
      collect_comment_properties(item, item != nullptr ? item->range : scope, text, out, depth + 1);
    }
    return;
  }
  if (!node->is_mapping()) {
    return;
  }
  for (const MappingEntry& entry : node->entries) {
    if (entry.key == "//") {
      add_comment_strings(entry.value, scope, text, out);
    } else if (entry.value != nullptr && entry.value->is_mapping()) {
      collect_comment_properties(entry.value, {entry.key_range.begin, entry.value->range.end}, text, out, depth + 1);
    } else if (entry.value != nullptr && entry.value->is_sequence()) {
      collect_comment_properties(entry.value, scope, text, out, depth + 1);
    }
  }
}

/// The "//" comment properties of a .tf.json file, each with the range it covers.
std::vector<CommentProperty> tfjson_comment_properties(const SourceFilePtr& file)
{
  std::vector<CommentProperty> out;
  const std::string_view text = file->text();
  if (!file->path().ends_with(".tf.json") || text.find("\"//\"") == std::string_view::npos) {
    return out;
  }
  const ParsedDocument parsed = parse_json(file);
  if (parsed.root != nullptr) {
    collect_comment_properties(parsed.root, parsed.root->range, text, out, 0);
  }
  return out;
}

/// Comment directives of one file of the unit (a template is one file; a Terraform module many).
void collect_comment_directives(const Model& model, const SourceFilePtr& file, bool respect_other_tools,
                                std::vector<SuppressionDirective>& out)
{
  for (const CommentProperty& property : tfjson_comment_properties(file)) {
    if (auto directive = parse_lambdalint_comment(property.comment, file)) {
      directive->scope = property.scope;
      out.push_back(std::move(*directive));
    }
  }
  const std::vector<Comment> comments = scan_comments(file->text(), suppression_detail::comment_syntax_of(*file));
  if (comments.empty()) {
    return;
  }
  const BlockIndex blocks(model, *file);
  for (const Comment& comment : comments) {
    if (auto directive = parse_lambdalint_comment(comment, file)) {
      if (const auto line = designated_line(*file, comment)) {
        directive->scope = blocks.scope_of_line(*line);
      }
      out.push_back(std::move(*directive));
    } else if (respect_other_tools) {
      std::vector<SuppressionDirective> skips;
      if (auto skip = parse_checkov_comment(comment, file)) {
        skips.push_back(std::move(*skip));
      }
      for (SuppressionDirective& ignore : parse_tfsec_comment(comment, file)) {
        skips.push_back(std::move(ignore));
      }
      for (SuppressionDirective& skip_directive : skips) {
        std::optional<SuppressionDirective> skip(std::move(skip_directive));
        // checkov applies a skip comment to the resource it is written in (or, above the
        // resource, to the one that follows).
        const Resource* resource = resource_at(model, {file, {comment.range.begin, comment.range.begin}});
        if (resource == nullptr) {
          if (const auto line = designated_line(*file, comment)) {
            resource = resource_at(model, {file, {file->line_start(*line), file->line_start(*line)}});
            const SourceRange scope = blocks.scope_of_line(*line);
            if (resource == nullptr) {
              skip->scope = scope;
            }
          }
        }
        if (resource != nullptr) {
          skip->scope = resource->range;
        }
        out.push_back(std::move(*skip));
      }
    }
  }
}

} // namespace

std::vector<SuppressionDirective> collect_directives(const Model& model, bool respect_other_tools)
{
  std::vector<SuppressionDirective> out;
  if (const SourceFilePtr& file = model.file) {
    const auto whole_file = SourceRange{0, static_cast<std::uint32_t>(file->text().size())};
    add_metadata_directives(model.metadata, whole_file, true, file, respect_other_tools, out);
  }
  for (const Resource& resource : model.resources) {
    if (resource.file || model.file) {
      add_metadata_directives(resource.metadata, resource.range, false, resource.file ? resource.file : model.file, respect_other_tools, out);
    }
  }
  std::vector<SourceFilePtr> files;
  auto add_file = [&](const SourceFilePtr& file) {
    if (file && std::none_of(files.begin(), files.end(), [&](const SourceFilePtr& known) { return known->path() == file->path(); })) {
      files.push_back(file);
    }
  };
  add_file(model.file);
  for (const Resource& resource : model.resources) {
    add_file(resource.file);
  }
  for (const SourceFilePtr& file : files) {
    collect_comment_directives(model, file, respect_other_tools, out);
  }
  return out;
}

} // namespace lint
