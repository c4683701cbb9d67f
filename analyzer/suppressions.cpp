#include "analyzer/suppressions.h"

#include "analyzer/baseline.h"
#include "analyzer/config.h"
#include "analyzer/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace lint {
namespace {

// The meta rules (rules/health/*_suppression*.cpp); the policy step reports their findings.
constexpr std::string_view k_rule_without_reason = "LL010";
constexpr std::string_view k_rule_unused = "LL011";
constexpr std::string_view k_rule_expired = "LL012";

bool is_meta_rule(std::string_view id)
{
  return id == k_rule_without_reason || id == k_rule_unused || id == k_rule_expired;
}

/// A reason that explains nothing: empty, or only a placeholder ("TODO", "TODO explain", "reason",
/// "reason: TODO", "FIXME", "TBD", "n/a"), in any case and punctuation. LL010 treats it as none.
bool is_placeholder_reason(std::string_view reason)
{
  std::string words;
  for (const char c : reason) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      words += static_cast<char>(std::tolower(u));
    } else if (!words.empty() && words.back() != ' ') {
      words += ' ';
    }
  }
  while (!words.empty() && words.back() == ' ') {
    words.pop_back();
  }
  if (words.starts_with("reason")) {
    words.erase(0, words.size() > 6 && words[6] == ' ' ? 7 : 6);
  }
  static constexpr std::array<std::string_view, 10> k_placeholders = {"",         "todo", "todo explain", "explain", "fixme",
                                                                      "tbd",      "xxx",  "n a",          "na",      "todo reason"};
  return std::find(k_placeholders.begin(), k_placeholders.end(), words) != k_placeholders.end();
}

// Verified ids: cfn-lint rule classes (src/cfnlint/rules/...: E3002 Properties, E3505
// EventSourceMappingToSqsTimeout, W2531 DeprecatedRuntimeEol), checkov checks
// (checkov/cloudformation/checks/resource/aws/Lambda*.py, DeprecatedLambdaRuntime.py;
// checkov/terraform/checks/resource/aws/LambdaXrayEnabled.py) and cfn_nag rules
// (lib/cfn-nag/custom_rules/Lambda*.rb). The table in docs/suppressions.md mirrors this one.
constexpr std::array<ForeignRuleMapping, 15> k_foreign_mappings{{
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
}};

bool is_space(char c)
{
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text)
{
  while (!text.empty() && (is_space(text.front()) || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (is_space(text.back()) || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

CommentSyntax syntax_of(const SourceFile& file)
{
  const std::string& path = file.path();
  if (path.ends_with(".tf") || path.ends_with(".hcl") || path.ends_with(".tfvars")) {
    return CommentSyntax::hcl;
  }
  const std::string_view text = file.text();
  const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    return CommentSyntax::none; // JSON has no comments
  }
  return CommentSyntax::yaml;
}

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

// --- matching ------------------------------------------------------------------------------------

const Rule* find_rule(std::span<const Rule* const> rules, std::string_view id_or_name)
{
  for (const Rule* rule : rules) {
    if (rule != nullptr && (rule->meta.id == id_or_name || rule->meta.name == id_or_name)) {
      return rule;
    }
  }
  return nullptr;
}

bool is_lambdalint_origin(SuppressionDirective::Origin origin)
{
  using Origin = SuppressionDirective::Origin;
  return origin == Origin::comment || origin == Origin::metadata || origin == Origin::template_metadata;
}

std::string_view tool_name(SuppressionDirective::Origin origin)
{
  using Origin = SuppressionDirective::Origin;
  switch (origin) {
  case Origin::cfn_lint:
    return "cfn-lint";
  case Origin::checkov:
    return "checkov";
  case Origin::cfn_nag:
    return "cfn_nag";
  default:
    return "lambdalint";
  }
}

/// Does a directive's i-th rule entry name this finding's rule?
bool names_rule(const SuppressionDirective& directive, std::size_t i, const Finding& finding, std::span<const Rule* const> known)
{
  const std::string& written = directive.rules[i];
  if (is_lambdalint_origin(directive.origin)) {
    if (written == finding.rule_id) {
      return true;
    }
    const Rule* rule = find_rule(known, written);
    return rule != nullptr && rule->meta.id == finding.rule_id;
  }
  const std::string_view tool = tool_name(directive.origin);
  return std::any_of(k_foreign_mappings.begin(), k_foreign_mappings.end(), [&](const ForeignRuleMapping& mapping) {
    return mapping.tool == tool && mapping.id == written && mapping.rule == finding.rule_id;
  });
}

Level overridden_level(const std::map<std::string, Level, std::less<>>& levels, const Rule* rule, std::string_view id, Level level)
{
  if (levels.empty()) {
    return level;
  }
  if (const auto it = levels.find(id); it != levels.end()) {
    return it->second;
  }
  if (rule != nullptr) {
    if (const auto it = levels.find(rule->meta.name); it != levels.end()) {
      return it->second;
    }
    if (const auto it = levels.find(rule->meta.family); it != levels.end()) {
      return it->second;
    }
  }
  return level;
}

std::string date_text(std::chrono::sys_days day)
{
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string rule_list(const SuppressionDirective& directive)
{
  return fmt::format("{}", fmt::join(directive.rules, ","));
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
  }
  return "comment";
}

std::span<const ForeignRuleMapping> foreign_rule_mappings()
{
  return k_foreign_mappings;
}

std::vector<Comment> scan_comments(std::string_view text, CommentSyntax syntax)
{
  std::vector<Comment> comments;
  if (syntax == CommentSyntax::none) {
    return comments;
  }
  const bool hcl = syntax == CommentSyntax::hcl;
  bool in_block_comment = false; // HCL /* ... */ across lines
  std::size_t block_start = 0;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      line_end = text.size();
    }
    char quote = 0; // strings never span lines here: a stray quote cannot hide the rest of the file
    bool code_before = false;
    char previous_code = 0; // last non-space character outside strings and comments
    for (std::size_t i = line_start; i < line_end; ++i) {
      const char c = text[i];
      if (in_block_comment) {
        if (c == '*' && i + 1 < line_end && text[i + 1] == '/') {
          in_block_comment = false;
          ++i;
          comments.push_back({{static_cast<std::uint32_t>(block_start), static_cast<std::uint32_t>(i + 1)},
                              text.substr(block_start + 2, i - 1 - (block_start + 2)), false});
        }
        continue;
      }
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          ++i;
        } else if (c == quote) {
          if (quote == '\'' && i + 1 < line_end && text[i + 1] == '\'') {
            ++i; // YAML '' escape
          } else {
            quote = 0;
          }
        }
        continue;
      }
      const bool after_space = i == line_start || is_space(text[i - 1]);
      const bool hash_comment = c == '#' && (hcl || after_space);
      const bool slash_comment = hcl && c == '/' && i + 1 < line_end && text[i + 1] == '/';
      if (hash_comment || slash_comment) {
        const std::size_t body = i + (slash_comment ? 2 : 1);
        std::size_t end = line_end;
        if (end > line_start && text[end - 1] == '\r') {
          --end;
        }
        comments.push_back({{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)}, text.substr(body, end - body), !code_before});
        break;
      }
      if (hcl && c == '/' && i + 1 < line_end && text[i + 1] == '*') {
        in_block_comment = true;
        block_start = i;
        ++i;
        continue;
      }
      if (c == '"' || (c == '\'' && !hcl)) {
        // YAML: a quote opens a scalar only where a scalar can start (it's stays plain text).
        const bool scalar_start = hcl || previous_code == 0 || std::string_view(":-[{,?").find(previous_code) != std::string_view::npos;
        if (scalar_start) {
          quote = c;
        }
      }
      if (!is_space(c) && c != '\r') {
        code_before = true;
        previous_code = c;
      }
    }
    if (line_end == text.size()) {
      break;
    }
    line_start = line_end + 1;
  }
  return comments;
}

namespace {

/// Comment directives of one file of the unit (a template is one file; a Terraform module many).
void collect_comment_directives(const Model& model, const SourceFilePtr& file, bool respect_other_tools,
                                std::vector<SuppressionDirective>& out)
{
  const std::vector<Comment> comments = scan_comments(file->text(), syntax_of(*file));
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
      if (auto skip = parse_checkov_comment(comment, file)) {
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

const Resource* resource_at(const Model& model, const Location& location)
{
  if (!location.file) {
    return nullptr;
  }
  const Resource* best = nullptr;
  for (const Resource& resource : model.resources) {
    if (!resource.file || resource.file->path() != location.file->path()) {
      continue;
    }
    const std::uint32_t at = location.range.begin;
    // The logical id line counts too: a resource's range starts at its id key.
    if (at >= resource.range.begin && at < std::max(resource.range.end, resource.range.begin + 1)) {
      if (best == nullptr || resource.range.end - resource.range.begin < best->range.end - best->range.begin) {
        best = &resource;
      }
    }
  }
  return best;
}

ResourceLocator::ResourceLocator(const Model& model)
{
  for (const Resource& resource : model.resources) {
    if (resource.file) {
      m_by_file[resource.file->path()].push_back(&resource);
    }
  }
  for (auto& [path, resources] : m_by_file) {
    // By start; among equal starts the larger first, so a backward scan meets the smaller first.
    std::sort(resources.begin(), resources.end(), [](const Resource* a, const Resource* b) {
      return a->range.begin != b->range.begin ? a->range.begin < b->range.begin : a->range.end > b->range.end;
    });
  }
}

const Resource* ResourceLocator::resource_at(const Location& location) const
{
  if (!location.file) {
    return nullptr;
  }
  const auto found = m_by_file.find(location.file->path());
  if (found == m_by_file.end()) {
    return nullptr;
  }
  const std::vector<const Resource*>& resources = found->second;
  const std::uint32_t at = location.range.begin;
  auto candidate = std::upper_bound(resources.begin(), resources.end(), at,
                                    [](std::uint32_t offset, const Resource* resource) { return offset < resource->range.begin; });
  while (candidate != resources.begin()) {
    --candidate;
    const Resource& resource = **candidate;
    // The logical id line counts too: a resource's range starts at its id key.
    if (at < std::max(resource.range.end, resource.range.begin + 1)) {
      return &resource;
    }
  }
  return nullptr;
}

void apply_policies(const Model& model, std::vector<Finding>& findings, std::span<const Rule* const> rules,
                    const RuleSelection& selection, const PolicyOptions& options, std::chrono::sys_days as_of)
{
  const ResourceLocator locator(model);
  const std::span<const Rule* const> known = options.known_rules.empty() ? rules : options.known_rules;
  auto ran = [&](std::string_view id) {
    const Rule* rule = find_rule(rules, id);
    return rule != nullptr && selection.is_selected(rule->meta) ? rule : nullptr;
  };

  std::vector<SuppressionDirective> directives = collect_directives(model, options.respect_other_tools);
  // used[d][i]: directive d's i-th rule entry suppressed something.
  std::vector<std::vector<bool>> used(directives.size());
  for (std::size_t d = 0; d < directives.size(); ++d) {
    used[d].assign(directives[d].rules.size(), false);
  }
  auto expired = [&](const SuppressionDirective& directive) {
    return directive.until && *directive.until < as_of;
  };

  for (Finding& finding : findings) {
    const Rule* rule = find_rule(known, finding.rule_id);
    finding.level = overridden_level(options.levels, rule, finding.rule_id, finding.level);
    if (const Resource* resource = locator.resource_at(finding.primary)) {
      finding.resource = resource->id;
    }
    if (finding.suppression) {
      continue;
    }
    for (std::size_t d = 0; d < directives.size() && finding.primary.file && !finding.suppression; ++d) {
      const SuppressionDirective& directive = directives[d];
      const bool same_file = directive.location.file && directive.location.file->path() == finding.primary.file->path();
      if (!same_file || !directive.problem.empty() || expired(directive) || !directive.scope.contains(finding.primary.range.begin)) {
        continue;
      }
      for (std::size_t i = 0; i < directive.rules.size(); ++i) {
        if (names_rule(directive, i, finding, known)) {
          used[d][i] = true;
          finding.suppression = Suppression{std::string(to_string(directive.origin)), directive.reason, directive.location, false};
          break;
        }
      }
    }
  }

  // Meta findings about the suppressions themselves.
  std::vector<Finding> meta;
  auto report = [&](std::string_view rule_id, const Location& where, std::string message, std::string fingerprint) {
    const Rule* rule = ran(rule_id);
    if (rule == nullptr) {
      return;
    }
    Finding& finding = meta.emplace_back();
    finding.rule_id = rule->meta.id;
    finding.level = overridden_level(options.levels, rule, rule->meta.id, rule->meta.level);
    finding.message = std::move(message);
    finding.primary = where;
    const Resource* resource = locator.resource_at(where);
    finding.resource = resource ? resource->id : std::string();
    // Stable across line shifts: the resource the suppression sits in and what it names.
    finding.fingerprint = fmt::format("{}/{}/{}", rule->meta.id, finding.resource, std::move(fingerprint));
  };
  for (std::size_t d = 0; d < directives.size(); ++d) {
    const SuppressionDirective& directive = directives[d];
    if (!is_lambdalint_origin(directive.origin)) {
      continue; // other tools' suppressions are theirs to police
    }
    const std::string origin(to_string(directive.origin));
    if (!directive.problem.empty()) {
      report(k_rule_unused, directive.location, fmt::format("Malformed suppression: {}", directive.problem),
             fmt::format("{}/malformed/{}", origin, rule_list(directive)));
      continue;
    }
    if (is_placeholder_reason(directive.reason)) {
      report(k_rule_without_reason, directive.location,
             fmt::format("Suppression of {} gives no reason; say why the finding is accepted", rule_list(directive)),
             fmt::format("{}/{}", origin, rule_list(directive)));
    }
    if (expired(directive)) {
      report(k_rule_expired, directive.location,
             fmt::format("Suppression of {} expired on {}; its findings are reported again", rule_list(directive),
                         date_text(*directive.until)),
             fmt::format("{}/{}", origin, rule_list(directive)));
      continue;
    }
    for (std::size_t i = 0; i < directive.rules.size(); ++i) {
      const std::string& written = directive.rules[i];
      const Location where{directive.location.file, directive.rule_ranges[i]};
      const Rule* target = find_rule(known, written);
      if (target == nullptr) {
        report(k_rule_unused, where, fmt::format("Suppression names '{}', which is no lambdalint rule", written),
               fmt::format("{}/unknown/{}", origin, written));
      } else if (!used[d][i] && !is_meta_rule(target->meta.id) && ran(target->meta.id) != nullptr) {
        report(k_rule_unused, where, fmt::format("Suppression of {} matches no finding; remove it", written),
               fmt::format("{}/unused/{}", origin, written));
      }
    }
  }
  std::move(meta.begin(), meta.end(), std::back_inserter(findings));

  if (options.baseline != nullptr) {
    for (Finding& finding : findings) {
      if (!finding.suppression && options.baseline->contains(finding)) {
        finding.suppression = Suppression{"baseline", "present in the baseline", std::nullopt, true};
      }
    }
  }
  sort_findings(findings);
}

} // namespace lint
