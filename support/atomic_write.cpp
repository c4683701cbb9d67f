#include "support/atomic_write.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace lint {

std::string write_file_atomically(const std::string& path, std::string_view content)
{
  namespace fs = std::filesystem;
  std::random_device random;
  const fs::path target(path);
  const fs::path temporary = target.parent_path() / (target.filename().string() + ".tmp" + std::to_string(random()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return std::string("cannot write: ") + std::strerror(errno);
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return "write failed";
    }
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) {
    fs::remove(temporary, error);
    return "cannot replace the file: " + error.message();
  }
  return {};
}

} // namespace lint
