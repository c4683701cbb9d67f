#pragma once
// Path globs (ignore-paths, and anything else that matches repository paths): `*` and `?` stay
// within a path component, `**` crosses components, and `**/` also matches nothing ("a/**/b"
// matches "a/b"). Matching simulates the pattern as an automaton, so it takes at most
// |pattern| x |path| steps whatever the pattern: repeated `**/` cannot make it exponential.

#include <string_view>

namespace lint {

bool path_glob_match(std::string_view pattern, std::string_view path);

} // namespace lint
