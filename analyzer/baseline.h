#pragma once
// Baselines: the findings a repository already had when it adopted lambdalint, so CI fails only on
// new ones (docs/ci.md). Keyed by file + resource + rule + the finding's stable fingerprint, never
// by line numbers, so edits that move code keep its findings baselined. File paths are relative to
// the repository root of the baseline file (or its directory outside a repository), so a baseline
// written on one machine matches on another checkout.

#include "support/finding.h"

#include <filesystem>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

namespace lint {

struct BaselineEntry {
  std::string file;        // relative to the baseline's root, forward slashes
  std::string resource;    // logical id / address ("" when the finding lies in no resource)
  std::string rule;        // LL401
  std::string fingerprint; // Finding::fingerprint
  auto key() const { return std::tie(file, resource, rule, fingerprint); }
  friend bool operator<(const BaselineEntry& a, const BaselineEntry& b) { return a.key() < b.key(); }
};

class Baseline {
public:
  /// An empty baseline whose paths are relative to `root`.
  explicit Baseline(std::filesystem::path root = {}) : m_root(std::move(root)) {}

  /// Reads a baseline file. nullopt (and `error`) when it cannot be read or is not a baseline.
  static std::optional<Baseline> load(const std::filesystem::path& path, std::string& error);
  /// The root a baseline file at `path` uses for its relative paths.
  static std::filesystem::path root_for(const std::filesystem::path& baseline_file);

  /// The entry a finding has (Finding::resource must be filled: apply_policies does it).
  BaselineEntry entry_for(const Finding& finding) const;
  bool contains(const Finding& finding) const;
  void add(const Finding& finding);
  std::size_t size() const { return m_entries.size(); }
  const std::filesystem::path& root() const { return m_root; }

  /// The baseline file's text: stable order, one entry per line-ish (reviewable diffs).
  std::string to_json() const;

private:
  std::filesystem::path m_root;
  std::set<BaselineEntry> m_entries;
};

/// `file` relative to `root` with forward slashes, or its absolute generic path when outside it.
/// Symlinks are resolved first so both spellings of a path give the same key.
std::string path_relative_to(const std::filesystem::path& file, const std::filesystem::path& root);

} // namespace lint
