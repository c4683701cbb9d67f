// YAML → located value tree, through yaml-cpp's event API (not YAML::Load): events carry a mark
// for every node, tags survive, aliases can be shared instead of copied, and duplicate keys are
// seen rather than silently merged.

#include "parsers/node.h"
#include "parsers/tags.h"
#include "parsers/yaml_block_scalar_recovery.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace lint {
namespace {

/// Thrown by the event handler to stop parsing when a limit is hit (the problem is already recorded).
struct LimitReached {};

class TreeBuilder final : public YAML::EventHandler {
public:
  TreeBuilder(ParsedDocument& doc, const ParseLimits& limits) : m_doc(doc), m_limits(limits), m_text(doc.file->text()) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    Node& node = m_doc.arena.make();
    node.kind = NodeKind::null;
    const std::uint32_t begin = offset(mark);
    node.range = {begin, begin};
    finish_leaf(node, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    const auto it = m_anchors.find(anchor);
    if (it == m_anchors.end()) {
      Node& node = m_doc.arena.make(); // unknown alias: yaml-cpp reports it; keep a null
      node.range = {offset(mark), offset(mark)};
      add_value(node, 1);
      return;
    }
    m_alias_nodes += it->second.expanded_size;
    if (m_alias_nodes > m_limits.max_alias_nodes) {
      problem(offset(mark), fmt::format("alias expansion exceeds {} nodes (a YAML alias bomb?)", m_limits.max_alias_nodes));
      throw LimitReached{};
    }
    // Aliases share the anchored node: expansion costs no memory, only the budget above.
    add_value(*it->second.node, it->second.expanded_size);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override
  {
    const std::uint32_t begin = skip_properties(offset(mark));
    const std::string_view cfn_tag = cfn_short_form(tag);
    if (is_key_position()) {
      // Keys are plain strings; record them for the entry that the value completes.
      Frame& frame = m_stack.back();
      frame.pending_key = value;
      frame.pending_key_range = {begin, scalar_end(begin, value)};
      frame.has_key = true;
      return;
    }
    if (begin < m_text.size() && (m_text[begin] == '"' || m_text[begin] == '\'') && scalar_end(begin, value) >= m_text.size() &&
        (m_text.size() - begin < 2 || m_text.back() != m_text[begin])) {
      // yaml-cpp accepts a quoted scalar that runs to the end of the text; YAML does not.
      problem(begin, "unterminated quoted string");
      throw LimitReached{};
    }
    Node& node = m_doc.arena.make();
    node.kind = NodeKind::scalar;
    node.scalar = value;
    node.quoted = tag == "!"; // yaml-cpp: "!" for quoted/block scalars, "?" for plain ones
    node.range = {begin, scalar_end(begin, value)};
    if (!cfn_tag.empty()) {
      finish_leaf(wrap_in_tag(node, cfn_tag, offset(mark)), anchor);
      return;
    }
    if (tag == "tag:yaml.org,2002:str" || tag == "!!str") {
      node.quoted = true;
    }
    node.foreign_tag = is_foreign_tag(tag);
    finish_leaf(node, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value style) override
  {
    open(NodeKind::sequence, mark, tag, anchor);
    m_stack.back().flow = style == YAML::EmitterStyle::Flow;
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value style) override
  {
    open(NodeKind::mapping, mark, tag, anchor);
    m_stack.back().flow = style == YAML::EmitterStyle::Flow;
  }
  void OnMapEnd() override { close(); }

  const Node* root() const { return m_root; }

  /// The innermost `{` or `[` still open, when parsing stopped inside one.
  const Node* innermost_open_flow() const
  {
    for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it) {
      if (it->flow) {
        return it->node;
      }
    }
    return nullptr;
  }

private:
  struct Frame {
    Node* node = nullptr;
    Node* wrapper = nullptr; // the {Fn::X: node} mapping when the collection carried a tag
    YAML::anchor_t anchor = 0;
    std::uint64_t expanded_size = 1;
    bool has_key = false;
    bool key_is_collection = false;
    bool flow = false; // written as {...} or [...]
    std::string pending_key;
    SourceRange pending_key_range;
    std::unordered_map<std::string, std::size_t> keys; // key → entry index, only filled for large mappings (copies: entries move)
  };
  struct Anchored {
    const Node* node;
    std::uint64_t expanded_size;
  };

  std::uint32_t offset(const YAML::Mark& mark) const
  {
    if (mark.pos < 0) {
      return 0;
    }
    // yaml-cpp does not count a UTF-8 byte order mark in positions.
    std::size_t pos = static_cast<std::size_t>(mark.pos) + m_bom;
    return static_cast<std::uint32_t>(std::min(pos, m_text.size()));
  }

  /// Skips a tag (`!Ref`) and anchor (`&a`) written before a node's text.
  std::uint32_t skip_properties(std::uint32_t pos) const
  {
    while (pos < m_text.size() && (m_text[pos] == '!' || m_text[pos] == '&')) {
      while (pos < m_text.size() && m_text[pos] != ' ' && m_text[pos] != '\t' && m_text[pos] != '\n' && m_text[pos] != '\r') {
        ++pos;
      }
      while (pos < m_text.size() && (m_text[pos] == ' ' || m_text[pos] == '\t')) {
        ++pos;
      }
    }
    return pos;
  }

  /// Where a scalar's text ends: the closing quote, the last line of a block scalar, or the
  /// plain text on its line (positions matter for carets and LSP ranges, values come from yaml-cpp).
  std::uint32_t scalar_end(std::uint32_t begin, const std::string& value) const
  {
    const std::size_t n = m_text.size();
    if (begin >= n) {
      return begin;
    }
    const char first = m_text[begin];
    if (first == '"') {
      for (std::size_t i = begin + 1; i < n; ++i) {
        if (m_text[i] == '\\') {
          ++i;
        } else if (m_text[i] == '"') {
          return static_cast<std::uint32_t>(i + 1);
        }
      }
      return static_cast<std::uint32_t>(n);
    }
    if (first == '\'') {
      for (std::size_t i = begin + 1; i < n; ++i) {
        if (m_text[i] == '\'') {
          if (i + 1 < n && m_text[i + 1] == '\'') {
            ++i;
          } else {
            return static_cast<std::uint32_t>(i + 1);
          }
        }
      }
      return static_cast<std::uint32_t>(n);
    }
    if ((first == '|' || first == '>') && value.find('\n') != std::string::npos) {
      return block_scalar_end(begin);
    }
    if (m_text.compare(begin, value.size(), value) == 0) {
      return static_cast<std::uint32_t>(begin + value.size());
    }
    // A plain scalar folded over lines, or one yaml-cpp normalised: its first line.
    std::size_t end = begin;
    while (end < n && m_text[end] != '\n' && m_text[end] != '\r') {
      if (m_text[end] == '#' && end > begin && (m_text[end - 1] == ' ' || m_text[end - 1] == '\t')) {
        break;
      }
      ++end;
    }
    while (end > begin && (m_text[end - 1] == ' ' || m_text[end - 1] == '\t')) {
      --end;
    }
    return static_cast<std::uint32_t>(end);
  }

  std::uint32_t block_scalar_end(std::uint32_t header) const
  {
    const std::size_t n = m_text.size();
    std::size_t line_begin = m_text.rfind('\n', header);
    line_begin = line_begin == std::string_view::npos ? 0 : line_begin + 1;
    std::size_t parent_indent = 0;
    while (line_begin + parent_indent < n && m_text[line_begin + parent_indent] == ' ') {
      ++parent_indent;
    }
    std::size_t end = m_text.find('\n', header);
    if (end == std::string_view::npos) {
      return static_cast<std::uint32_t>(n);
    }
    std::size_t last_content_end = end;
    std::size_t pos = end + 1;
    while (pos < n) {
      std::size_t indent = 0;
      while (pos + indent < n && m_text[pos + indent] == ' ') {
        ++indent;
      }
      std::size_t eol = m_text.find('\n', pos);
      if (eol == std::string_view::npos) {
        eol = n;
      }
      const bool blank = pos + indent >= eol || m_text[pos + indent] == '\r';
      if (!blank && indent <= parent_indent) {
        break;
      }
      if (!blank) {
        last_content_end = eol > pos && m_text[eol - 1] == '\r' ? eol - 1 : eol;
      }
      pos = eol + 1;
    }
    return static_cast<std::uint32_t>(last_content_end);
  }

  static bool is_foreign_tag(const std::string& tag)
  {
    return !tag.empty() && tag != "?" && tag != "!" && !tag.starts_with("tag:yaml.org,2002:") && cfn_short_form(tag).empty();
  }

  bool is_key_position() const
  {
    return !m_stack.empty() && m_stack.back().node->kind == NodeKind::mapping && !m_stack.back().has_key;
  }

  /// `!Ref X` becomes the mapping {Ref: X}; the key's range is the tag's own text.
  Node& wrap_in_tag(Node& value, std::string_view long_form, std::uint32_t tag_begin)
  {
    Node& wrapper = m_doc.arena.make();
    wrapper.kind = NodeKind::mapping;
    wrapper.from_tag = true;
    std::uint32_t tag_end = tag_begin;
    while (tag_end < m_text.size() && m_text[tag_end] != ' ' && m_text[tag_end] != '\n' && m_text[tag_end] != '\r' &&
           m_text[tag_end] != '[' && m_text[tag_end] != '{') {
      ++tag_end;
    }
    wrapper.range = {tag_begin, std::max(value.range.end, tag_end)};
    wrapper.entries.push_back({std::string(long_form), {tag_begin, tag_end}, &value});
    return wrapper;
  }

  void problem(std::uint32_t at, std::string message)
  {
    m_doc.problems.push_back({SyntaxProblem::Kind::parse_error, {at, at}, std::move(message), {}});
  }

  void finish_leaf(Node& node, YAML::anchor_t anchor)
  {
    if (anchor != 0) {
      m_anchors[anchor] = {&node, 1};
    }
    add_value(node, 1);
  }

  void add_value(const Node& node, std::uint64_t expanded_size)
  {
    if (m_stack.empty()) {
      if (m_root == nullptr) {
        m_root = &node;
      }
      return;
    }
    Frame& frame = m_stack.back();
    frame.expanded_size += expanded_size;
    Node& parent = *frame.node;
    if (parent.kind == NodeKind::sequence) {
      parent.items.push_back(&node);
      parent.range.end = std::max(parent.range.end, node.range.end);
      return;
    }
    if (!frame.has_key) {
      // A collection or alias used as a mapping key: CloudFormation never does this. Keep the
      // text so the entry is visible, and let the value complete it.
      frame.has_key = true;
      frame.key_is_collection = true;
      frame.pending_key = std::string(m_text.substr(node.range.begin, node.range.end - node.range.begin));
      frame.pending_key_range = node.range;
      return;
    }
    frame.has_key = false;
    if (const std::optional<std::size_t> first = check_duplicate(frame, frame.pending_key, frame.pending_key_range)) {
      // CloudFormation keeps the later value of a duplicate key (LL002 reports it): so does the
      // tree, in the first entry's place, so that every reader sees what gets deployed.
      parent.entries[*first] = {std::move(frame.pending_key), frame.pending_key_range, &node};
    } else {
      if (!frame.keys.empty()) {
        frame.keys.emplace(frame.pending_key, parent.entries.size());
      }
      parent.entries.push_back({std::move(frame.pending_key), frame.pending_key_range, &node});
      if (parent.entries.size() == k_index_threshold) {
        index_keys(frame); // once: from here on each key is added as it comes
      }
    }
    parent.range.end = std::max(parent.range.end, node.range.end);
    frame.pending_key.clear();
  }

  static constexpr std::size_t k_index_threshold = 16;

  void index_keys(Frame& frame)
  {
    frame.keys.clear();
    for (std::size_t index = 0; index < frame.node->entries.size(); ++index) {
      frame.keys.emplace(frame.node->entries[index].key, index);
    }
  }

  /// Reports a key the mapping already has (LL002, related to the first occurrence) and returns
  /// the index of the entry holding it.
  std::optional<std::size_t> check_duplicate(const Frame& frame, const std::string& key, SourceRange range)
  {
    const Node& parent = *frame.node;
    std::optional<std::size_t> found;
    if (parent.entries.size() >= k_index_threshold) {
      if (const auto indexed = frame.keys.find(key); indexed != frame.keys.end()) {
        found = indexed->second;
      }
    } else {
      for (std::size_t index = 0; index < parent.entries.size(); ++index) {
        if (parent.entries[index].key == key) {
          found = index;
          break;
        }
      }
    }
    if (found) {
      m_doc.problems.push_back({SyntaxProblem::Kind::duplicate_key, range,
                                fmt::format("duplicate key '{}' (CloudFormation rejects templates with duplicate keys)", key),
                                parent.entries[*found].key_range});
    }
    return found;
  }

  void open(NodeKind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor)
  {
    if (m_stack.size() >= m_limits.max_depth) {
      problem(offset(mark), fmt::format("nesting deeper than {} levels", m_limits.max_depth));
      throw LimitReached{};
    }
    Node& node = m_doc.arena.make();
    node.kind = kind;
    const std::uint32_t begin = skip_properties(offset(mark));
    node.range = {begin, begin + 1};
    node.foreign_tag = is_foreign_tag(tag);
    Frame frame;
    frame.node = &node;
    frame.anchor = anchor;
    const std::string_view cfn_tag = cfn_short_form(tag);
    if (!cfn_tag.empty()) {
      frame.wrapper = &wrap_in_tag(node, cfn_tag, offset(mark));
    }
    m_stack.push_back(std::move(frame));
  }

  void close()
  {
    Frame frame = std::move(m_stack.back());
    m_stack.pop_back();
    Node& node = frame.wrapper ? *frame.wrapper : *frame.node;
    if (frame.wrapper) {
      frame.wrapper->range.end = std::max(frame.wrapper->range.end, frame.node->range.end);
    }
    if (frame.anchor != 0) {
      m_anchors[frame.anchor] = {&node, frame.expanded_size};
    }
    add_value(node, frame.expanded_size);
  }

  ParsedDocument& m_doc;
  const ParseLimits& m_limits;
  std::string_view m_text;
  std::size_t m_bom = 0;
  std::vector<Frame> m_stack;
  std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
  std::uint64_t m_alias_nodes = 0;
  const Node* m_root = nullptr;

public:
  void set_bom(std::size_t bom) { m_bom = bom; }
};

} // namespace

ParsedDocument parse_yaml(SourceFilePtr file, const ParseLimits& limits)
{
  ParsedDocument doc;
  doc.file = file;
  const std::string_view text = file->text();
  TreeBuilder builder(doc, limits);
  if (text.starts_with("\xEF\xBB\xBF")) {
    builder.set_bom(3);
  }
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    parser.HandleNextDocument(builder);
    // Text after the first document must still be YAML; a second document is not a template.
    class Ignore final : public YAML::EventHandler {
      void OnDocumentStart(const YAML::Mark&) override {}
      void OnDocumentEnd() override {}
      void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
      void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
      void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
      void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
      void OnSequenceEnd() override {}
      void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
      void OnMapEnd() override {}
    } ignore;
    const auto second_start = static_cast<std::uint32_t>(std::max<std::streamoff>(0, stream.tellg()));
    if (parser.HandleNextDocument(ignore)) {
      doc.problems.push_back({SyntaxProblem::Kind::parse_error, {second_start, second_start},
                              "more than one YAML document; a template is a single document", {}});
    }
    if (builder.root() == nullptr) {
      Node& empty = doc.arena.make(); // an empty document is a null value
      doc.root = &empty;
    } else {
      doc.root = builder.root();
    }
  } catch (const LimitReached&) {
    doc.root = nullptr;
  } catch (const YAML::DeepRecursion& error) {
    // yaml-cpp's own recursion guard (its message is just "bad file"): say what it is, and point
    // at the innermost open flow collection when there is one, else where yaml-cpp stopped.
    doc.root = nullptr;
    std::uint32_t at = 0;
    if (error.mark.line >= 0) {
      at = file->line_start(static_cast<std::uint32_t>(error.mark.line) + 1) + static_cast<std::uint32_t>(std::max(0, error.mark.column));
      at = std::min<std::uint32_t>(at, static_cast<std::uint32_t>(text.size()));
    }
    if (const Node* open = builder.innermost_open_flow()) {
      at = open->range.begin;
    }
    doc.problems.push_back({SyntaxProblem::Kind::parse_error, {at, at}, fmt::format("nesting deeper than {} levels", error.depth()), {}});
  } catch (const YAML::Exception& error) {
    doc.root = nullptr;
    std::uint32_t at = 0;
    if (error.mark.line >= 0) {
      at = file->line_start(static_cast<std::uint32_t>(error.mark.line) + 1) + static_cast<std::uint32_t>(std::max(0, error.mark.column));
      at = std::min<std::uint32_t>(at, static_cast<std::uint32_t>(text.size()));
    }
    std::string message = error.msg;
    // yaml-cpp notices an unclosed flow collection only at the end of the text; point at its opening.
    if (const Node* open = builder.innermost_open_flow(); open && message.find("flow not found") != std::string::npos) {
      at = open->range.begin;
      message = fmt::format("'{}' is never closed ({})", open->is_mapping() ? '{' : '[', message);
    }
    doc.problems.push_back({SyntaxProblem::Kind::parse_error, {at, at}, std::move(message), {}});
  } catch (const std::exception& error) {
    doc.root = nullptr;
    doc.problems.push_back({SyntaxProblem::Kind::parse_error, {0, 0}, error.what(), {}});
  }
  return recover_tagged_block_scalars(std::move(doc), limits); // yaml-cpp issue #1163
}

} // namespace lint
