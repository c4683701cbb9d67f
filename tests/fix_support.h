#pragma once
// Linting with a few rules and applying their quick fixes, for tests that fix and lint again.

#include "analyzer/driver.h"
#include "rules/registry.h"
#include "tests/test_files.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace lint::test {

/// Lints `text` as the file `path` with only the rules `ids` (enabled even when off by default).
inline UnitResult lint_with(const std::string& path, const std::string& text, std::initializer_list<std::string_view> ids)
{
  std::vector<const Rule*> selected;
  DriverOptions options;
  options.explicitly_named = true;
  for (std::string_view id : ids) {
    selected.push_back(rules::find(id));
    options.selection.enable.insert(std::string(id));
  }
  return lint_text(path, text, selected, options);
}

/// `text` with the fix's edits applied (last edit first, so earlier offsets stay valid).
inline std::string apply(std::string text, const Fix& fix)
{
  std::vector<TextEdit> edits = fix.edits;
  std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) { return a.range.begin > b.range.begin; });
  for (const TextEdit& edit : edits) {
    text.replace(edit.range.begin, edit.range.end - edit.range.begin, edit.new_text);
  }
  return text;
}

} // namespace lint::test
