// Paths to URIs for SARIF: GitHub resolves relative URIs against the repository root and drops
// symlinked paths, so everything is made absolute and symlink-free before it is made relative.

#include "report/report.h"

#include "support/paths.h"
#include "support/percent.h"

#include <system_error>

namespace lint::report {
namespace fs = std::filesystem;

std::string relative_uri(const fs::path& file, const fs::path& base)
{
  if (const auto relative = relative_path_under(file, base)) {
    return percent_encode_path(*relative);
  }
  std::string generic = normalized_path(file).generic_string();
  if (!generic.starts_with('/')) {
    generic.insert(generic.begin(), '/'); // "C:/x" -> "file:///C:/x"
  }
  return "file://" + percent_encode_path(generic);
}

} // namespace lint::report
