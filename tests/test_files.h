#pragma once
// Reading test inputs: one helper instead of a copy per test file.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lint::test {

/// The bytes of a file, or "" when it cannot be read (the test's own checks then fail).
inline std::string read_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

/// A file of the source tree, by its path relative to the repository root.
inline std::string read_fixture(const std::string& relative)
{
  return read_file(std::filesystem::path(LINT_SOURCE_DIR) / relative);
}

} // namespace lint::test
