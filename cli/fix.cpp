#include "cli/fix.h"

#include "support/atomic_write.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string_view>
#include <tuple>

namespace lint::cli {
namespace {

std::vector<std::string_view> split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, end - start)); // keeps its '\n' (none on an unterminated last line)
    start = end;
  }
  return lines;
}

enum class Op : std::uint8_t { keep, remove, add };

struct Step {
  Op op;
  std::size_t line; // index into the old lines (keep, remove) or the new lines (add)
};

/// Myers' O(ND) shortest edit script between two line lists. Fixes change few lines, so D is small
/// and the kept V arrays (one per D) stay small too.
std::vector<Step> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b)
{
  const auto n = static_cast<std::ptrdiff_t>(a.size());
  const auto m = static_cast<std::ptrdiff_t>(b.size());
  const std::ptrdiff_t max = n + m;
  const std::ptrdiff_t offset = max + 1;
  std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * max + 3), 0);
  std::vector<std::vector<std::ptrdiff_t>> trace;
  std::ptrdiff_t found_d = -1;
  for (std::ptrdiff_t d = 0; d <= max && found_d < 0; ++d) {
    trace.push_back(v);
    for (std::ptrdiff_t k = -d; k <= d; k += 2) {
      std::ptrdiff_t x = 0;
      if (k == -d || (k != d && v[static_cast<std::size_t>(offset + k - 1)] < v[static_cast<std::size_t>(offset + k + 1)])) {
        x = v[static_cast<std::size_t>(offset + k + 1)];
      } else {
        x = v[static_cast<std::size_t>(offset + k - 1)] + 1;
      }
      std::ptrdiff_t y = x - k;
      while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
        ++x;
        ++y;
      }
      v[static_cast<std::size_t>(offset + k)] = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
  }
  // Walk the trace back from (n, m).
  std::vector<Step> steps;
  std::ptrdiff_t x = n;
  std::ptrdiff_t y = m;
  for (std::ptrdiff_t d = found_d; d >= 0; --d) {
    const std::vector<std::ptrdiff_t>& before = trace[static_cast<std::size_t>(d)];
    const std::ptrdiff_t k = x - y;
    std::ptrdiff_t previous_k = 0;
    if (k == -d || (k != d && before[static_cast<std::size_t>(offset + k - 1)] < before[static_cast<std::size_t>(offset + k + 1)])) {
      previous_k = k + 1;
    } else {
      previous_k = k - 1;
    }
    const std::ptrdiff_t previous_x = d == 0 ? 0 : before[static_cast<std::size_t>(offset + previous_k)];
    const std::ptrdiff_t previous_y = d == 0 ? 0 : previous_x - previous_k;
    while (x > previous_x && y > previous_y) {
      steps.push_back({Op::keep, static_cast<std::size_t>(--x)});
      --y;
    }
    if (d > 0) {
      if (x == previous_x) {
        steps.push_back({Op::add, static_cast<std::size_t>(--y)});
      } else {
        steps.push_back({Op::remove, static_cast<std::size_t>(--x)});
      }
    }
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

void append_line(std::string& out, char marker, std::string_view line)
{
  out += marker;
  out += line;
  if (!line.ends_with('\n')) {
    out += "\n\\ No newline at end of file\n";
  }
}

} // namespace

std::string apply_edits(std::string text, std::vector<TextEdit> edits)
{
  // Last first, so earlier offsets stay valid; insertions at one offset keep their given order.
  std::vector<std::size_t> order(edits.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(edits[a].range.begin, a) > std::tie(edits[b].range.begin, b);
  });
  for (const std::size_t i : order) {
    const TextEdit& edit = edits[i];
    const std::size_t begin = std::min<std::size_t>(edit.range.begin, text.size());
    const std::size_t end = std::clamp<std::size_t>(edit.range.end, begin, text.size());
    text.replace(begin, end - begin, edit.new_text);
  }
  return text;
}

std::vector<FileFix> plan_fixes(std::span<const Finding> findings, bool unsafe, const WritablePredicate& writable)
{
  /// The part of one fix that edits one file, and the span it covers there.
  struct FilePart {
    const SourceFile* file;
    std::vector<TextEdit> edits;
    std::size_t begin;
    std::size_t end;
  };
  struct Candidate {
    const Finding* finding;
    std::vector<FilePart> parts; // in the order the fix first names each file
  };
  std::vector<Candidate> candidates;
  for (const Finding& finding : findings) {
    if (finding.suppression || !finding.fix || finding.fix->edits.empty()) {
      continue;
    }
    const Applicability applicability = finding.fix->applicability;
    if (applicability == Applicability::display_only || (applicability == Applicability::unsafe && !unsafe)) {
      continue;
    }
    Candidate candidate{&finding, {}};
    bool refused = false;
    for (const TextEdit& edit : finding.fix->edits) {
      const SourceFilePtr& file = edited_file(finding, edit);
      // An edit in another file than the finding's own (LL308: the call is in the code, the grant
      // in the template) is written only into a file this run lints.
      const bool elsewhere = finding.primary.file == nullptr || file == nullptr || file->path() != finding.primary.file->path();
      if (file == nullptr || (elsewhere && !(writable && writable(file->path())))) {
        refused = true;
        break;
      }
      auto part = std::find_if(candidate.parts.begin(), candidate.parts.end(),
                               [&](const FilePart& existing) { return existing.file->path() == file->path(); });
      if (part == candidate.parts.end()) {
        candidate.parts.push_back({file.get(), {}, edit.range.begin, edit.range.end});
        part = std::prev(candidate.parts.end());
      }
      TextEdit local = edit;
      local.file = nullptr;
      part->edits.push_back(std::move(local));
      part->begin = std::min<std::size_t>(part->begin, edit.range.begin);
      part->end = std::max<std::size_t>(part->end, edit.range.end);
    }
    if (!refused) {
      candidates.push_back(std::move(candidate));
    }
  }
  // In position order within the file each fix edits first.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const FilePart& x = a.parts.front();
    const FilePart& y = b.parts.front();
    return std::tie(x.file->path(), x.begin, x.end) < std::tie(y.file->path(), y.begin, y.end);
  });
  struct Planned {
    const SourceFile* file = nullptr;
    std::vector<TextEdit> edits;
    std::vector<std::pair<std::size_t, std::size_t>> taken; // spans of the chosen fixes
    std::vector<std::string> titles;
  };
  std::map<std::string, Planned> by_file;
  for (const Candidate& candidate : candidates) {
    // Touching or overlapping spans could interleave, and two insertions at one offset (new
    // resources appended to a section) may pick the same logical id: one fix per span per pass;
    // the next pass re-lints and applies what is still needed. A fix is taken whole or not at all.
    const bool blocked = std::any_of(candidate.parts.begin(), candidate.parts.end(), [&](const FilePart& part) {
      const bool out_of_range = std::any_of(part.edits.begin(), part.edits.end(),
                                            [&](const TextEdit& edit) { return edit.range.end > part.file->text().size(); });
      const auto planned = by_file.find(part.file->path());
      const bool overlaps = planned != by_file.end() &&
                            std::any_of(planned->second.taken.begin(), planned->second.taken.end(), [&](const auto& span) {
                              return part.begin <= span.second && span.first <= part.end;
                            });
      return out_of_range || overlaps;
    });
    if (blocked) {
      continue;
    }
    for (const FilePart& part : candidate.parts) {
      Planned& planned = by_file[part.file->path()];
      planned.file = part.file;
      planned.edits.insert(planned.edits.end(), part.edits.begin(), part.edits.end());
      planned.taken.emplace_back(part.begin, part.end);
    }
    // Counted once, in the file the fix edits first.
    by_file[candidate.parts.front().file->path()].titles.push_back(candidate.finding->fix->title);
  }
  std::vector<FileFix> out;
  for (auto& [path, planned] : by_file) {
    FileFix fix;
    fix.path = path;
    fix.original = std::string(planned.file->text());
    fix.fixed = apply_edits(fix.original, std::move(planned.edits));
    fix.titles = std::move(planned.titles);
    if (fix.fixed != fix.original) {
      out.push_back(std::move(fix));
    }
  }
  return out;
}

std::string unified_diff(const std::string& path, const std::string& before, const std::string& after)
{
  if (before == after) {
    return {};
  }
  const std::vector<std::string_view> a = split_lines(before);
  const std::vector<std::string_view> b = split_lines(after);
  const std::vector<Step> steps = edit_script(a, b);
  constexpr std::size_t k_context = 3;
  std::string out = fmt::format("--- a/{0}\n+++ b/{0}\n", path);
  std::size_t i = 0;
  while (i < steps.size()) {
    // Next change.
    std::size_t first_change = i;
    while (first_change < steps.size() && steps[first_change].op == Op::keep) {
      ++first_change;
    }
    if (first_change == steps.size()) {
      break;
    }
    // The hunk runs until k_context*2 unchanged lines separate it from the next change.
    const std::size_t start = first_change >= k_context ? std::max(i, first_change - k_context) : i;
    std::size_t end = first_change;
    std::size_t last_change = first_change;
    for (std::size_t j = first_change; j < steps.size(); ++j) {
      if (steps[j].op != Op::keep) {
        last_change = j;
      } else if (j - last_change > 2 * k_context) {
        break;
      }
    }
    end = std::min(steps.size(), last_change + 1 + k_context);
    // Line numbers (1-based) of the hunk's first old and new lines.
    std::size_t old_line = 0;
    std::size_t new_line = 0;
    for (std::size_t j = 0; j < start; ++j) {
      old_line += steps[j].op != Op::add ? 1 : 0;
      new_line += steps[j].op != Op::remove ? 1 : 0;
    }
    std::size_t old_count = 0;
    std::size_t new_count = 0;
    std::string body;
    for (std::size_t j = start; j < end; ++j) {
      const Step& step = steps[j];
      if (step.op == Op::keep) {
        append_line(body, ' ', a[step.line]);
        ++old_count;
        ++new_count;
      } else if (step.op == Op::remove) {
        append_line(body, '-', a[step.line]);
        ++old_count;
      } else {
        append_line(body, '+', b[step.line]);
        ++new_count;
      }
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_count == 0 ? old_line : old_line + 1, old_count,
                       new_count == 0 ? new_line : new_line + 1, new_count);
    out += body;
    i = end;
  }
  return out;
}

std::string write_fix(const FileFix& fix)
{
  std::ifstream in(fix.path, std::ios::binary);
  if (!in) {
    return "cannot be read again; not fixed";
  }
  std::ostringstream current;
  current << in.rdbuf();
  if (current.str() != fix.original) {
    return "changed since it was read; not fixed (run again)";
  }
  return write_file_atomically(fix.path, fix.fixed);
}

} // namespace lint::cli
