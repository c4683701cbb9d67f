#include "rules/common/secret_names.h"

#include <array>
#include <cctype>

namespace lint::rules {

std::vector<std::string> name_words(std::string_view name)
{
  std::vector<std::string> words;
  std::string current;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c)) {
      if (!current.empty()) {
        words.push_back(std::move(current));
        current.clear();
      }
      continue;
    }
    // camelCase boundary: a lower-case letter or digit followed by an upper-case letter.
    if (std::isupper(c) && i > 0 && (std::islower(static_cast<unsigned char>(name[i - 1]))) && !current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
    current.push_back(static_cast<char>(std::tolower(c)));
  }
  if (!current.empty()) {
    words.push_back(std::move(current));
  }
  return words;
}

bool is_secret_name(std::string_view name)
{
  const std::vector<std::string> words = name_words(name);
  if (words.empty()) {
    return false;
  }
  const std::string& last = words.back();
  static constexpr std::array<std::string_view, 9> single = {"password", "passwd", "pwd",    "pass",   "passphrase",
                                                              "secret",   "token",  "apikey", "privatekey"};
  for (std::string_view word : single) {
    if (last == word) {
      return true;
    }
  }
  if (words.size() >= 2 && last == "key") {
    const std::string& before = words[words.size() - 2];
    return before == "api" || before == "private" || before == "secret" || before == "access";
  }
  return false;
}

} // namespace lint::rules
