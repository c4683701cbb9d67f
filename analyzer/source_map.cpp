#include "analyzer/source_map.h"

#include <fmt/format.h>

#include <map>

namespace lint {
namespace {

bool same_file(const SourceFilePtr& a, const SourceFilePtr& b)
{
  return a && b && (a == b || a->path() == b->path());
}

bool inside(const Location& where, const SourceFilePtr& file, SourceRange range)
{
  return same_file(where.file, file) && where.range.begin >= range.begin && where.range.end <= range.end;
}

/// Replaces every quoted logical id ('Id') the map knows by the resource's name ('Name').
std::string renamed(const std::string& text, const std::map<std::string_view, std::string_view>& names)
{
  if (names.empty() || text.find('\'') == std::string::npos) {
    return text;
  }
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('\'', at);
    if (open == std::string::npos) {
      break;
    }
    const std::size_t close = text.find('\'', open + 1);
    if (close == std::string::npos) {
      break;
    }
    const std::string_view quoted(text.data() + open + 1, close - open - 1);
    const auto found = names.find(quoted);
    if (found == names.end()) {
      // Not a quoted id (an apostrophe, "account's"): the closing quote may open the next one.
      out.append(text, at, close - at);
      at = close;
      continue;
    }
    out.append(text, at, open + 1 - at);
    out.append(found->second);
    out.push_back('\'');
    at = close + 1;
  }
  out.append(text, at, std::string::npos);
  return out;
}

} // namespace

void apply_source_map(const SourceMap& map, std::vector<Finding>& findings)
{
  std::map<std::string_view, std::string_view> names;
  for (const SourceMap::Origin& origin : map.resources) {
    if (!origin.name.empty() && origin.name != origin.id) {
      names.emplace(origin.id, origin.name);
    }
  }
  for (Finding& finding : findings) {
    if (!finding.suppression) {
      for (const SourceMap::Generated& generated : map.generated) {
        if (inside(finding.primary, generated.location.file, generated.location.range)) {
          finding.suppression = Suppression{"generated", generated.reason, std::nullopt, true};
          break;
        }
      }
    }
    finding.message = renamed(finding.message, names);
    for (RelatedLocation& related : finding.related) {
      related.message = renamed(related.message, names);
    }
    // The innermost resource holding the finding (a nested range wins over its parent's).
    const SourceMap::Origin* holder = nullptr;
    for (const SourceMap::Origin& origin : map.resources) {
      if (inside(finding.primary, origin.file, origin.range) &&
          (holder == nullptr || origin.range.end - origin.range.begin < holder->range.end - holder->range.begin)) {
        holder = &origin;
      }
    }
    if (holder != nullptr && !map.name_kind.empty() && !holder->name.empty() && holder->name != holder->id && finding.message.find(holder->name) == std::string::npos) {
      finding.message += fmt::format(" ({} '{}')", map.name_kind, holder->name);
    }
    if (holder != nullptr && holder->written) {
      const std::string_view name = holder->name.empty() ? std::string_view(holder->id) : std::string_view(holder->name);
      finding.related.insert(finding.related.begin(),
                             RelatedLocation{finding.primary, fmt::format("in the synthesized template: '{}' ({})", holder->id, name)});
      finding.primary = *holder->written;
      finding.fix.reset(); // its edits were written for the synthesized template, which the user does not edit
    }
  }
}

} // namespace lint
