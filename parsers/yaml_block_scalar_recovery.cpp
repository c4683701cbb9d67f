#include "parsers/yaml_block_scalar_recovery.h"

#include "parsers/tags.h"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lint {
namespace {

/// One `- !Tag |` entry yaml-cpp cannot read: the tag's bytes and the block indicator's offset.
struct Site {
  std::uint32_t tag_begin = 0;
  std::uint32_t tag_end = 0;
  std::uint32_t indicator = 0;
  std::string tag;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::size_t line_end(std::string_view text, std::size_t pos)
{
  const std::size_t eol = text.find('\n', pos);
  return eol == std::string_view::npos ? text.size() : eol;
}

/// The indentation of the first non-blank line at or after `pos`, or npos when there is none.
std::size_t next_content_indent(std::string_view text, std::size_t pos)
{
  while (pos < text.size()) {
    const std::size_t eol = line_end(text, pos);
    std::size_t indent = 0;
    while (pos + indent < eol && text[pos + indent] == ' ') {
      ++indent;
    }
    if (pos + indent < eol && text[pos + indent] != '\r' && text[pos + indent] != '\t') {
      return indent;
    }
    pos = eol + 1;
  }
  return std::string_view::npos;
}

/// Matches `<indent>- !Tag |` (or `>`, with chomping/indentation indicators and a comment) whose
/// content starts right of the dash and at or left of the tag: the form yaml-cpp rejects.
std::vector<Site> find_sites(std::string_view text)
{
  std::vector<Site> sites;
  for (std::size_t line = 0; line < text.size();) {
    const std::size_t eol = line_end(text, line);
    std::size_t pos = line;
    while (pos < eol && text[pos] == ' ') {
      ++pos;
    }
    const std::size_t dash = pos;
    if (pos + 1 < eol && text[pos] == '-' && is_blank(text[pos + 1])) {
      pos += 1;
      while (pos < eol && is_blank(text[pos])) {
        ++pos;
      }
      Site site;
      site.tag_begin = static_cast<std::uint32_t>(pos);
      if (pos < eol && text[pos] == '!') {
        while (pos < eol && !is_blank(text[pos]) && text[pos] != '\r') {
          ++pos;
        }
        site.tag_end = static_cast<std::uint32_t>(pos);
        while (pos < eol && is_blank(text[pos])) {
          ++pos;
        }
        // An anchor as well (`- !Sub &a |`) is left alone: blanking it would orphan its aliases.
        if (pos < eol && (text[pos] == '|' || text[pos] == '>')) {
          site.indicator = static_cast<std::uint32_t>(pos);
          ++pos;
          while (pos < eol && (text[pos] == '-' || text[pos] == '+' || (text[pos] >= '1' && text[pos] <= '9'))) {
            ++pos;
          }
          while (pos < eol && is_blank(text[pos])) {
            ++pos;
          }
          const bool header_ends = pos == eol || text[pos] == '\r' || text[pos] == '#';
          const std::size_t content = next_content_indent(text, eol + 1);
          const std::size_t dash_column = dash - line;
          const std::size_t tag_column = site.tag_begin - line;
          if (header_ends && content != std::string_view::npos && content > dash_column && content <= tag_column) {
            site.tag = std::string(text.substr(site.tag_begin, site.tag_end - site.tag_begin));
            sites.push_back(std::move(site));
          }
        }
      }
    }
    line = eol + 1;
  }
  return sites;
}

/// Puts the blanked tags back on their scalars, replacing each scalar in its parent by what the
/// short-form parse builds: {Fn::X: scalar} for CloudFormation tags, the scalar itself marked
/// otherwise.
class TagRestorer {
public:
  TagRestorer(ParsedDocument& doc, const std::vector<Site>& sites) : m_doc(doc)
  {
    for (const Site& site : sites) {
      m_sites.emplace(site.indicator, &site);
    }
  }

  const Node* restore(const Node* node)
  {
    if (node == nullptr) {
      return nullptr;
    }
    if (node->is_scalar()) {
      return wrap(node);
    }
    // Containers are visited once: aliases share nodes, and the walk must stay linear.
    if (!m_visited.insert(node).second) {
      return node;
    }
    Node& mutable_node = const_cast<Node&>(*node); // NOLINT: the nodes are this document's own arena
    for (const Node*& item : mutable_node.items) {
      item = restore(item);
    }
    for (MappingEntry& entry : mutable_node.entries) {
      entry.value = restore(entry.value);
    }
    return node;
  }

private:
  const Node* wrap(const Node* scalar)
  {
    const auto site_it = m_sites.find(scalar->range.begin);
    if (site_it == m_sites.end()) {
      return scalar;
    }
    if (const auto done = m_wrapped.find(scalar); done != m_wrapped.end()) {
      return done->second;
    }
    const Site& site = *site_it->second;
    Node& value = const_cast<Node&>(*scalar); // NOLINT: the nodes are this document's own arena
    // What the reader records for a tagged block scalar: yaml-cpp reports the tag, not "!".
    value.quoted = false;
    const std::string_view long_form = cfn_short_form(site.tag);
    const Node* result = scalar;
    if (!long_form.empty()) {
      Node& wrapper = m_doc.arena.make();
      wrapper.kind = NodeKind::mapping;
      wrapper.from_tag = true;
      wrapper.range = {site.tag_begin, std::max(value.range.end, site.tag_end)};
      wrapper.entries.push_back({std::string(long_form), {site.tag_begin, site.tag_end}, &value});
      result = &wrapper;
    } else if (site.tag == "!!str" || site.tag == "!") {
      value.quoted = true;
    } else {
      value.foreign_tag = true;
    }
    m_wrapped.emplace(scalar, result);
    return result;
  }

  ParsedDocument& m_doc;
  std::unordered_map<std::uint32_t, const Site*> m_sites;
  std::unordered_map<const Node*, const Node*> m_wrapped;
  std::unordered_set<const Node*> m_visited;
};

} // namespace

ParsedDocument recover_tagged_block_scalars(ParsedDocument doc, const ParseLimits& limits)
{
  if (doc.root != nullptr || doc.file == nullptr) {
    return doc;
  }
  const std::string_view text = doc.file->text();
  const std::vector<Site> sites = find_sites(text);
  if (sites.empty()) {
    return doc;
  }
  std::string rewritten(text);
  for (const Site& site : sites) {
    std::fill(rewritten.begin() + site.tag_begin, rewritten.begin() + site.indicator, ' ');
  }
  // The rewritten text has no such site left, so this re-read does not recover again.
  ParsedDocument again = parse_yaml(std::make_shared<const SourceFile>(doc.file->path(), std::move(rewritten)), limits);
  again.file = doc.file;
  if (again.root == nullptr) {
    return again; // another error: the re-read reports the real one, at the same offsets
  }
  TagRestorer restorer(again, sites);
  again.root = restorer.restore(again.root);
  return again;
}

} // namespace lint
