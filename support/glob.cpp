#include "support/glob.h"

#include <algorithm>
#include <vector>

namespace lint {
namespace {

enum class Token : unsigned char { literal, any_one, star, double_star };

struct Step {
  Token token = Token::literal;
  char literal = 0;
  bool skippable_slash = false; // a double_star written `**/`: it and the '/' after it may match nothing
};

std::vector<Step> compile(std::string_view pattern)
{
  std::vector<Step> steps;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.substr(i).starts_with("**")) {
      Step step{Token::double_star, 0, pattern.substr(i + 2).starts_with('/')};
      steps.push_back(step);
      ++i;
    } else if (pattern[i] == '*') {
      steps.push_back({Token::star, 0, false});
    } else if (pattern[i] == '?') {
      steps.push_back({Token::any_one, 0, false});
    } else {
      steps.push_back({Token::literal, pattern[i], false});
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
    if (step.token == Token::double_star && step.skippable_slash) {
      pending.push_back(at + 2); // `**/` matching nothing (the '/' is the next step)
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
