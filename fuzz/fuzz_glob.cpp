// libFuzzer target: the path glob matcher (support/glob.cpp, ignore-paths). The input is a pattern
// and a path separated by the first newline. The matcher must stay linear whatever the pattern;
// on short inputs it is compared with a direct backtracking reading of the documented semantics
// (`*` and `?` within a component, `**` across components, `**/` also matching nothing).
#include "support/glob.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

bool reference(std::string_view pattern, std::string_view path)
{
  if (pattern.empty()) {
    return path.empty();
  }
  if (pattern.starts_with("**")) {
    const std::string_view rest = pattern.substr(2);
    if (rest.starts_with('/') && reference(rest.substr(1), path)) {
      return true;
    }
    for (std::size_t i = 0; i <= path.size(); ++i) {
      if (reference(rest, path.substr(i))) {
        return true;
      }
    }
    return false;
  }
  if (pattern.front() == '*') {
    for (std::size_t i = 0; i <= path.size(); ++i) {
      if (reference(pattern.substr(1), path.substr(i))) {
        return true;
      }
      if (i < path.size() && path[i] == '/') {
        return false;
      }
    }
    return false;
  }
  if (path.empty() || (pattern.front() == '?' ? path.front() == '/' : pattern.front() != path.front())) {
    return false;
  }
  return reference(pattern.substr(1), path.substr(1));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view pattern = input.substr(0, newline);
  const std::string_view path = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const bool matched = lint::path_glob_match(pattern, path);
  // The reference backtracks exponentially: only short inputs with few stars are compared.
  std::size_t stars = 0;
  for (const char c : pattern) {
    stars += c == '*' ? 1 : 0;
  }
  if (pattern.size() <= 24 && path.size() <= 24 && stars <= 6 && reference(pattern, path) != matched) {
    std::abort();
  }
  return 0;
}
