#include "support/glob.h"

#include <algorithm>
#include <vector>

namespace lint {
namespace {

// `entry` reads nothing: it starts a `**/`, which may match nothing at all (it then leads past the
// '/'), or be the double star and its '/'. The double star's own loop cannot skip the '/': once it
// has read a character, a '/' must follow ("**/b" matches "b" and "x/b", not "xb").
enum class Token : unsigned char { literal, any_one, star, double_star, entry };

struct Step {
  Token token = Token::literal;
  char literal = 0;
};

std::vector<Step> compile(std::string_view pattern)
{
  std::vector<Step> steps;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.substr(i).starts_with("**")) {
      if (pattern.substr(i + 2).starts_with('/')) {
        steps.push_back({Token::entry, 0});
      }
      steps.push_back({Token::double_star, 0});
      ++i;
    } else if (pattern[i] == '*') {
      steps.push_back({Token::star, 0});
    } else if (pattern[i] == '?') {
      steps.push_back({Token::any_one, 0});
    } else {
      steps.push_back({Token::literal, pattern[i]});
    }
  }
  return steps;
}

/// Adds `state` and every state reachable from it without reading a character (iteratively: a
/// pattern of many `**/` does not recurse).
void add_closure(const std::vector<Step>& steps, std::size_t state, std::vector<char>& active, std::vector<std::size_t>& pending)
{
  pending.assign(1, state);
  while (!pending.empty()) {
    const std::size_t at = pending.back();
    pending.pop_back();
    if (at > steps.size() || active[at] != 0) {
      continue;
    }
    active[at] = 1;
    if (at == steps.size()) {
      continue;
    }
    const Step& step = steps[at];
    if (step.token == Token::entry) {
      pending.push_back(at + 1); // the double star
      pending.push_back(at + 3); // `**/` matching nothing: past the double star and its '/'
    }
    if (step.token == Token::star || step.token == Token::double_star) {
      pending.push_back(at + 1); // a star matching nothing
    }
  }
}

} // namespace

bool path_glob_match(std::string_view pattern, std::string_view path)
{
  const std::vector<Step> steps = compile(pattern);
  std::vector<char> active(steps.size() + 1, 0);
  std::vector<char> next(steps.size() + 1, 0);
  std::vector<std::size_t> pending;
  add_closure(steps, 0, active, pending);
  for (const char c : path) {
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (std::size_t state = 0; state < steps.size(); ++state) {
      if (active[state] == 0) {
        continue;
      }
      const Step& step = steps[state];
      switch (step.token) {
      case Token::literal:
        if (step.literal == c) {
          add_closure(steps, state + 1, next, pending);
          any = true;
        }
        break;
      case Token::any_one:
        if (c != '/') {
          add_closure(steps, state + 1, next, pending);
          any = true;
        }
        break;
      case Token::star:
        if (c != '/') {
          add_closure(steps, state, next, pending);
          any = true;
        }
        break;
      case Token::double_star:
        add_closure(steps, state, next, pending);
        any = true;
        break;
      case Token::entry:
        break; // reads nothing; its successors are active too
      }
    }
    if (!any) {
      return false;
    }
    active.swap(next);
  }
  return active[steps.size()] != 0;
}

} // namespace lint
