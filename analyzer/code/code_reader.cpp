#include "analyzer/code/code_reader.h"

namespace lint::code {
namespace {

thread_local CodeOverlay* t_overlay = nullptr;

std::string normal_key(const std::filesystem::path& path)
{
  return path.lexically_normal().string();
}

} // namespace

CodeOverlay::CodeOverlay(const std::map<std::string, std::string, std::less<>>& buffers)
{
  for (const auto& [path, text] : buffers) {
    m_buffers.emplace(normal_key(path), text);
  }
}

const std::string* CodeOverlay::buffer(const std::filesystem::path& path) const
{
  const auto found = m_buffers.find(normal_key(path));
  return found == m_buffers.end() ? nullptr : &found->second;
}

void CodeOverlay::record(const std::filesystem::path& path)
{
  std::string key = normal_key(path);
  const std::lock_guard lock(m_mutex);
  m_read.insert(std::move(key));
}

std::vector<std::string> CodeOverlay::files_read() const
{
  const std::lock_guard lock(m_mutex);
  return {m_read.begin(), m_read.end()};
}

CodeOverlay* current_code_overlay()
{
  return t_overlay;
}

ScopedCodeOverlay::ScopedCodeOverlay(CodeOverlay* overlay) : m_previous(t_overlay)
{
  t_overlay = overlay;
}

ScopedCodeOverlay::~ScopedCodeOverlay()
{
  t_overlay = m_previous;
}

ReadResult read_code_file(const std::filesystem::path& path, std::size_t max_bytes)
{
  if (t_overlay != nullptr) {
    if (const std::string* text = t_overlay->buffer(path)) {
      t_overlay->record(path);
      if (text->size() > max_bytes) {
        return {std::nullopt, "larger than the limit for code files", false};
      }
      return {*text, {}, false};
    }
  }
  ReadResult read = read_regular_file(path, max_bytes);
  if (read.text && t_overlay != nullptr) {
    t_overlay->record(path);
  }
  return read;
}

bool code_file_exists(const std::filesystem::path& path)
{
  if (t_overlay != nullptr && t_overlay->buffer(path) != nullptr) {
    return true;
  }
  std::error_code error;
  return std::filesystem::is_regular_file(path, error);
}

} // namespace lint::code
