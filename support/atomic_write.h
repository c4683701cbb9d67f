#pragma once
#include <string>
#include <string_view>

namespace lint {

/// Writes a file through a temporary file in the same directory and a rename, so readers never
/// see half a file. Returns an error message, or "" on success.
std::string write_file_atomically(const std::string& path, std::string_view content);

} // namespace lint
