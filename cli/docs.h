#pragma once
// Rule documentation generated from rule metadata: `lambdalint explain`, docs/rules/*.md.

#include "analyzer/rule.h"

#include <string>

namespace lint::cli {

/// The page of one rule (docs/rules/LLnnn.md).
std::string rule_markdown(const Rule& rule);
/// The page of one rule for a terminal: no HTML comment, no Markdown table or fences; headings in
/// bold and code indented (ANSI bold only when `color`).
std::string rule_terminal(const Rule& rule, bool color);
/// The index page (docs/rules/README.md).
std::string rules_index_markdown();
/// Writes (or with `check`, compares) every page under `directory`. Returns the number of pages
/// that differ (check) or 0; prints what it did to stderr.
int write_rule_docs(const std::string& directory, bool check);

} // namespace lint::cli
