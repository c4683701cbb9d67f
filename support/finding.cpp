#include "support/finding.h"

namespace lint {

std::string_view to_string(Level level)
{
  switch (level) {
  case Level::note:
    return "note";
  case Level::warning:
    return "warning";
  case Level::error:
    return "error";
  }
  return "warning";
}

std::optional<Level> level_from_string(std::string_view text)
{
  if (text == "note") {
    return Level::note;
  }
  if (text == "warning") {
    return Level::warning;
  }
  if (text == "error") {
    return Level::error;
  }
  return std::nullopt;
}

} // namespace lint
