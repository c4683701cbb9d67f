#include "analyzer/terraform/evaluator.h"
#include "analyzer/terraform/evaluator_detail.h"

#include "parsers/node.h"
#include "support/paths.h"
#include "support/read_file.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

namespace lint::terraform {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// JSON written in HCL (heredocs, jsondecode)

const Value* Evaluator::json_template(const Context& context, hcl::Node expression)
{
  // Down to the template: expression → template_expr → heredoc_template.
  hcl::Node node = expression;
  while (node.is("expression")) {
    const std::vector<hcl::Node> nodes = operands(node);
    if (nodes.size() != 1) {
      return nullptr;
    }
    node = nodes[0];
  }
  if (!node.is("template_expr")) {
    return nullptr;
  }
  node = node.children().empty() ? hcl::Node() : node.children().front();
  if (!node.is("heredoc_template")) {
    return nullptr;
  }
  std::vector<JsonPiece> pieces;
  for (hcl::Node child : node.children()) {
    if (child.is("template_literal")) {
      pieces.push_back({child.range(), nullptr});
    } else if (child.is("template_interpolation")) {
      pieces.push_back({child.range(), evaluate(context, child.child("expression"))});
    } else if (child.is("template_directive")) {
      return nullptr;
    }
  }
  return decode_json_pieces(context, context.document->file, pieces);
}

const Value* Evaluator::decode_json_pieces(const Context& context, const SourceFilePtr& file, const std::vector<JsonPiece>& pieces)
{
  const std::string_view text = file->text();
  // The JSON text, with each interpolation replaced by a same-length placeholder so that the
  // JSON reader's ranges are the file's offsets: inside a JSON string the placeholder is a run of
  // DEL characters; outside one, `null` padded with spaces. Everything else is blank.
  std::string synthetic(text.size(), ' ');
  std::vector<std::pair<SourceRange, const Value*>> interpolations;
  bool in_string = false;
  bool escaped = false;
  for (const JsonPiece& piece : pieces) {
    const SourceRange range = piece.range;
    if (range.end > text.size() || range.begin > range.end) {
      return nullptr;
    }
    if (piece.value == nullptr) {
      for (std::uint32_t i = range.begin; i < range.end; ++i) {
        const char c = text[i];
        synthetic[i] = c;
        if (escaped) {
          escaped = false;
        } else if (in_string && c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = !in_string;
        }
      }
      continue;
    }
    const std::uint32_t length = range.end - range.begin;
    if (in_string) {
      std::fill(synthetic.begin() + range.begin, synthetic.begin() + range.end, '\x7f');
    } else if (length >= 4) {
      synthetic.replace(range.begin, 4, "null");
    } else {
      return nullptr;
    }
    interpolations.emplace_back(range, piece.value);
  }
  if (pieces.empty()) {
    return nullptr;
  }
  auto scratch = std::make_shared<const SourceFile>(file->path(), std::move(synthetic));
  const ParsedDocument parsed = parse_json(scratch);
  if (parsed.root == nullptr || !parsed.problems.empty()) {
    return nullptr;
  }
  const std::function<const Value*(const Node*, int)> convert = [&](const Node* json, int depth) -> const Value* {
    if (json == nullptr || depth > 64) {
      return unknown(context, {}, "JSON nested too deeply");
    }
    switch (json->kind) {
    case NodeKind::null: {
      for (const auto& [range, value] : interpolations) {
        if (range.begin == json->range.begin) {
          return value;
        }
      }
      return &make(context, ValueKind::null, json->range);
    }
    case NodeKind::sequence: {
      Value& list = make(context, ValueKind::list, json->range);
      for (const Node* item : json->items) {
        list.items.push_back(convert(item, depth + 1));
      }
      return &list;
    }
    case NodeKind::mapping: {
      Value& map = make(context, ValueKind::map, json->range);
      for (const MappingEntry& entry : json->entries) {
        map.entries.push_back({entry.key, entry.key_range, convert(entry.value, depth + 1)});
      }
      return &map;
    }
    case NodeKind::scalar: break;
    }
    if (!json->quoted) {
      if (json->scalar == "true" || json->scalar == "false") {
        Value& value = make(context, ValueKind::boolean, json->range);
        value.boolean = json->scalar == "true";
        value.text = json->scalar;
        return &value;
      }
      Value& value = make(context, ValueKind::number, json->range);
      value.text = json->scalar;
      value.numeric_text = parse_number(value.text, value.number);
      return &value;
    }
    std::vector<const Value*> inside;
    for (const auto& [range, value] : interpolations) {
      if (range.begin >= json->range.begin && range.end <= json->range.end) {
        inside.push_back(value);
      }
    }
    if (inside.empty()) {
      Value& value = make(context, ValueKind::string, json->range);
      value.text = json->scalar;
      value.numeric_text = parse_number(value.text, value.number);
      return &value;
    }
    // Split the string at the placeholder runs: one run per interpolation, in order.
    Value& out = make(context, ValueKind::text_template, json->range);
    std::size_t next = 0;
    std::string literal;
    const std::string& scalar = json->scalar;
    for (std::size_t i = 0; i < scalar.size();) {
      if (scalar[i] != '\x7f') {
        literal += scalar[i++];
        continue;
      }
      while (i < scalar.size() && scalar[i] == '\x7f') {
        ++i;
      }
      if (!literal.empty()) {
        out.parts.push_back({std::move(literal), false, {}});
        literal.clear();
      }
      const Value* value = next < inside.size() ? inside[next] : nullptr;
      ++next;
      if (value && value->is_known_scalar()) {
        out.parts.push_back({std::string(*as_string(value)), false, {}});
      } else if (value && value->kind == ValueKind::reference) {
        out.parts.push_back({{}, true, value->reference});
      } else if (value && value->kind == ValueKind::text_template) {
        out.parts.insert(out.parts.end(), value->parts.begin(), value->parts.end());
      } else {
        Reference reference;
        reference.target = Reference::Target::unresolved;
        reference.name = value && value->kind == ValueKind::unknown ? value->text : "interpolated value not known";
        out.parts.push_back({{}, true, std::move(reference)});
      }
    }
    if (!literal.empty()) {
      out.parts.push_back({std::move(literal), false, {}});
    }
    if (out.parts.size() == 1 && out.parts[0].is_reference && inside.size() == 1 && inside[0]->kind == ValueKind::reference) {
      Value& reference = make(context, ValueKind::reference, json->range);
      reference.reference = inside[0]->reference;
      return &reference;
    }
    bool has_reference = false;
    std::string joined;
    for (const TemplatePart& part : out.parts) {
      has_reference = has_reference || part.is_reference;
      joined += part.literal;
    }
    if (!has_reference) {
      out.kind = ValueKind::string;
      out.parts.clear();
      out.text = std::move(joined);
    }
    return &out;
  };
  return convert(parsed.root, 0);
}

// ---------------------------------------------------------------------------------------------
// file() and templatefile()

namespace {

/// Largest file file() / templatefile() read: policies and definitions, not data.
constexpr std::size_t k_max_template_bytes = std::size_t{1} << 20;
constexpr std::size_t k_max_template_interpolations = 1024;
/// What file() / templatefile() may read and parse in one unit: each interpolation is parsed over
/// the template's text, so a template called for many instances costs its size times its
/// interpolations each time.
constexpr std::uint64_t k_max_template_work = std::uint64_t{64} << 20;

} // namespace

const Value* Evaluator::file_function(const Context& context, SourceRange range, const Value* path, const Value* variables, bool interpolate)
{
  namespace fs = std::filesystem;
  const char* function = interpolate ? "templatefile()" : "file()";
  const auto written = as_string(path);
  if (!written || path->kind != ValueKind::string) {
    return unknown(context, range, fmt::format("{} of a path not known", function));
  }
  if (interpolate && (variables == nullptr || variables->kind != ValueKind::map)) {
    return unknown(context, range, "templatefile() with variables not known");
  }
  // Relative paths are read from Terraform's working directory, the root module's; the file must
  // be in the repository being linted (a path is data from the pull request, as a module
  // manifest is: evaluator_modules.cpp).
  fs::path file{std::string(*written)};
  if (file.is_relative()) {
    file = m_loader.root_directory() / file;
  }
  file = file.lexically_normal();
  std::error_code error;
  if (!fs::is_directory(m_loader.root_directory(), error)) {
    return unknown(context, range, fmt::format("{} of '{}', outside the repository (the module is not on disk)", function, *written));
  }
  const fs::path repository = fs::weakly_canonical(find_repository_root(fs::absolute(m_loader.root_directory(), error)), error);
  const fs::path resolved = fs::weakly_canonical(fs::absolute(file, error), error);
  if (error || !relative_path_under(resolved, repository)) {
    return unknown(context, range, fmt::format("{} of '{}', outside the repository", function, *written));
  }
  ReadResult read = read_regular_file(file, k_max_template_bytes);
  if (!read.text) {
    return unknown(context, range, fmt::format("{} of '{}': {}", function, *written, read.error));
  }
  auto source = std::make_shared<const SourceFile>(file.string(), std::move(*read.text));
  const std::string_view text = source->text();
  const auto size = static_cast<std::uint32_t>(text.size());
  // The template's pieces: literal text and ${...} interpolations (with $${ a literal ${).
  // https://developer.hashicorp.com/terraform/language/expressions/strings#string-templates
  std::vector<JsonPiece> pieces;
  std::vector<SourceRange> interpolations;
  std::uint32_t literal_begin = 0;
  for (std::uint32_t i = 0; interpolate && i + 1 < size; ++i) {
    if ((text[i] == '$' || text[i] == '%') && text[i + 1] == text[i] && i + 2 < size && text[i + 2] == '{') {
      i += 2; // escaped: literal text
      continue;
    }
    if (text[i] == '%' && text[i + 1] == '{') {
      return unknown(context, range, fmt::format("templatefile() of '{}': template directives (%{{if}}/%{{for}}) are not evaluated", *written));
    }
    if (text[i] != '$' || text[i + 1] != '{') {
      continue;
    }
    // The closing brace, skipping nested braces and quoted strings.
    std::uint32_t end = i + 2;
    int depth = 1;
    bool quoted = false;
    for (; end < size && depth > 0; ++end) {
      const char c = text[end];
      if (quoted) {
        if (c == '\\') {
          ++end;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}') {
        --depth;
      }
    }
    if (depth != 0 || interpolations.size() >= k_max_template_interpolations) {
      return unknown(context, range, fmt::format("templatefile() of '{}': an interpolation is not closed", *written));
    }
    if (literal_begin < i) {
      pieces.push_back({{literal_begin, i}, nullptr});
    }
    interpolations.push_back({i, end});
    pieces.push_back({{i, end}, nullptr});
    literal_begin = end;
    i = end - 1;
  }
  if (literal_begin < size) {
    pieces.push_back({{literal_begin, size}, nullptr});
  }
  m_template_bytes += std::uint64_t{size} * (1 + interpolations.size());
  if (m_template_bytes > k_max_template_work) {
    return unknown(context, range, fmt::format("{} of '{}': the unit's template budget ({} MiB) is spent", function, *written,
                                               k_max_template_work >> 20));
  }
  // Each interpolation is read as the attribute `x=<expression>` over the same bytes (`${` is two
  // bytes, as is `x=`; the closing brace becomes a space), so the expression's positions are the
  // template file's. The variables are the names the template sees.
  Bindings bindings;
  if (interpolate) {
    for (const ValueEntry& entry : variables->entries) {
      bindings.names.emplace_back(entry.key, entry.value);
    }
  }
  if (!interpolations.empty()) {
    std::string synthetic(text);
    for (const SourceRange& interpolation : interpolations) {
      synthetic[interpolation.begin] = 'x';
      synthetic[interpolation.begin + 1] = '=';
      synthetic[interpolation.end - 1] = ' ';
    }
    for (JsonPiece& piece : pieces) {
      if (std::find_if(interpolations.begin(), interpolations.end(), [&](const SourceRange& r) { return r.begin == piece.range.begin; }) ==
          interpolations.end()) {
        continue;
      }
      auto document = std::make_unique<hcl::Document>(hcl::parse_as(source, synthetic, piece.range));
      hcl::Node attribute = document->body().child("attribute");
      const Context scoped{context.instance, document.get(), &bindings};
      if (document->error || !attribute) {
        piece.value = unknown(scoped, piece.range, "template interpolation not understood");
      } else {
        piece.value = evaluate(scoped, hcl::attribute_value(attribute));
      }
      m_template_documents.push_back(std::move(document));
    }
  }
  // A JSON document (a policy, a state machine definition) is decoded with the template's
  // positions; any other text is a string (or a template of its known and unknown pieces).
  auto template_document = std::make_unique<hcl::Document>();
  template_document->file = source;
  const Context in_file{context.instance, template_document.get(), nullptr};
  m_template_documents.push_back(std::move(template_document));
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    if (const Value* decoded = decode_json_pieces(in_file, source, pieces)) {
      return decoded;
    }
  }
  Value& out = make(in_file, ValueKind::text_template, {0, size});
  for (const JsonPiece& piece : pieces) {
    const Value* value = piece.value;
    if (value == nullptr) {
      std::string literal = unescape_heredoc(text.substr(piece.range.begin, piece.range.end - piece.range.begin));
      if (!out.parts.empty() && !out.parts.back().is_reference) {
        out.parts.back().literal += literal;
      } else {
        out.parts.push_back({std::move(literal), false, {}});
      }
    } else if (value->is_known_scalar()) {
      if (!out.parts.empty() && !out.parts.back().is_reference) {
        out.parts.back().literal += *as_string(value);
      } else {
        out.parts.push_back({std::string(*as_string(value)), false, {}});
      }
    } else if (value->kind == ValueKind::reference) {
      out.parts.push_back({{}, true, value->reference});
    } else if (value->kind == ValueKind::text_template) {
      out.parts.insert(out.parts.end(), value->parts.begin(), value->parts.end());
    } else {
      Reference reference;
      reference.target = Reference::Target::unresolved;
      reference.name = value->kind == ValueKind::unknown ? value->text : "interpolated value not known";
      out.parts.push_back({{}, true, std::move(reference)});
    }
  }
  if (std::none_of(out.parts.begin(), out.parts.end(), [](const TemplatePart& part) { return part.is_reference; })) {
    out.kind = ValueKind::string;
    out.text = out.parts.empty() ? std::string() : out.parts.front().literal;
    out.parts.clear();
  }
  return &out;
}

} // namespace lint::terraform
