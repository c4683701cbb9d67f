#include "lsp/workspace.h"

#include "lsp/protocol.h"

#include <algorithm>

namespace lint::lsp {

void Workspace::open(std::string uri, std::string path, std::string text, std::int64_t version)
{
  OpenDocument& document = m_documents[path];
  document = {std::move(uri), path, std::move(text), version};
}

OpenDocument* Workspace::find(const std::string& path)
{
  const auto it = m_documents.find(path);
  return it == m_documents.end() ? nullptr : &it->second;
}

const OpenDocument* Workspace::find(const std::string& path) const
{
  const auto it = m_documents.find(path);
  return it == m_documents.end() ? nullptr : &it->second;
}

void Workspace::close(const std::string& path)
{
  m_documents.erase(path);
}

bool Workspace::has_open_documents(const UnitId& unit) const
{
  if (unit.kind == UnitKind::template_file) {
    return m_documents.contains(unit.key);
  }
  return std::any_of(m_documents.begin(), m_documents.end(), [&](const auto& entry) { return unit_of(entry.first) == unit; });
}

std::vector<UnitId> Workspace::open_units() const
{
  std::vector<UnitId> units;
  for (const auto& [path, document] : m_documents) {
    UnitId unit = unit_of(path);
    if (std::find(units.begin(), units.end(), unit) == units.end()) {
      units.push_back(std::move(unit));
    }
  }
  return units;
}

UnitSnapshot Workspace::snapshot(const UnitId& unit, const DriverOptions& options, std::uint64_t settings_generation) const
{
  UnitSnapshot snapshot;
  snapshot.unit = unit;
  snapshot.options = options;
  snapshot.settings_generation = settings_generation;
  for (const auto& [path, document] : m_documents) {
    if (unit_of(path) == unit) {
      snapshot.files.push_back({path, document.text, document.version});
    }
    if (is_code_file(path)) {
      snapshot.code_buffers.push_back({path, document.text, document.version});
    }
  }
  return snapshot;
}

bool Workspace::code_is_current(const UnitSnapshot& snapshot, const std::vector<std::string>& read) const
{
  for (const std::string& path : read) {
    const OpenDocument* document = find(path);
    const auto buffer = std::find_if(snapshot.code_buffers.begin(), snapshot.code_buffers.end(),
                                     [&](const FileSnapshot& file) { return file.path == path; });
    const bool was_open = buffer != snapshot.code_buffers.end();
    if (was_open != (document != nullptr) || (was_open && buffer->version != document->version)) {
      return false;
    }
  }
  return true;
}

bool Workspace::is_open_code_file(const std::string& path) const
{
  return is_code_file(path) && m_documents.contains(path);
}

bool Workspace::is_current(const UnitSnapshot& snapshot) const
{
  std::size_t open_in_snapshot = 0;
  for (const FileSnapshot& file : snapshot.files) {
    const OpenDocument* document = find(file.path);
    if (file.version) {
      ++open_in_snapshot;
      if (document == nullptr || document->version != *file.version) {
        return false;
      }
    } else if (document != nullptr) {
      return false; // read from disk, but opened since: the buffer may differ
    }
  }
  std::size_t open_now = 0;
  for (const auto& [path, document] : m_documents) {
    open_now += unit_of(path) == snapshot.unit ? 1 : 0;
  }
  return open_now == open_in_snapshot;
}

std::string Workspace::uri_for(const std::string& path) const
{
  // A code file's path is built from a template's directory and CodeUri (`src/./app.py`).
  const std::string normal = normal_path(path);
  const OpenDocument* document = find(normal);
  return document != nullptr ? document->uri : uri_from_path(normal);
}

void Workspace::add_folder(const std::string& folder)
{
  if (std::find(m_folders.begin(), m_folders.end(), folder) == m_folders.end()) {
    m_folders.push_back(folder);
  }
}

void Workspace::remove_folder(const std::string& folder)
{
  std::erase(m_folders, folder);
}

std::optional<std::string> Workspace::folder_of(const std::string& path) const
{
  std::optional<std::string> best;
  for (const std::string& folder : m_folders) {
    const bool inside = path.starts_with(folder) && (path.size() == folder.size() || folder.ends_with('/') || path[folder.size()] == '/');
    if (inside && (!best || folder.size() > best->size())) {
      best = folder;
    }
  }
  return best;
}

} // namespace lint::lsp
