#pragma once
// Documents written inside a string of another document: a get-template TemplateBody string, a
// get-policy Policy string, a URL-encoded IAM policy document. The string is decoded (JSON escapes,
// then optionally URL encoding) with a map from every decoded byte back to the byte of the outer
// file it came from, parsed on its own, and every range of the parsed tree is moved back into the
// outer file. Positions are therefore exact to the character: a decoded character points at the
// start of its escape sequence (`\n`, `\u00e9`, `%7B`). What cannot be exact is the shape: a
// template written in one JSON string is one line of the outer file, so its findings all have that
// line and differ by column.

#include "parsers/node.h"

#include <optional>

namespace lint::audit {

enum class StringEncoding : std::uint8_t { plain, url_encoded };

/// Parses the document held by `string_node` (a string scalar of `outer`). The returned document's
/// file is `outer` and its ranges are offsets into `outer`. nullopt when the string node's text
/// cannot be located in the outer file (it should always be). Never throws.
std::optional<ParsedDocument> parse_embedded(const SourceFilePtr& outer, const Node& string_node, StringEncoding encoding);

/// True when `text` looks URL-encoded ("%7B%22Version..."): IAM returns policy documents that way.
bool looks_url_encoded(std::string_view text);

} // namespace lint::audit
