#include "analyzer/sam/globals.h"

#include <algorithm>

namespace lint::sam {
namespace {

constexpr int k_max_depth = 64;

enum class Token : std::uint8_t { primitive, map, list };

/// SAM's _token_of: dicts that are intrinsic functions count as primitives. Evaluated intrinsics
/// are references, templates, choices or unknowns here, never maps, so the kind says it all.
Token token_of(const Value* value)
{
  if (value->kind == ValueKind::map) {
    return Token::map;
  }
  if (value->kind == ValueKind::list) {
    return Token::list;
  }
  return Token::primitive;
}

const Value* copy_marked(ValueArena& arena, const Value* value, int depth)
{
  if (value == nullptr) {
    return nullptr;
  }
  Value& copy = arena.make(value->kind, value->range);
  copy = *value;
  copy.from_globals = true;
  if (depth > k_max_depth) {
    return &copy;
  }
  for (const Value*& item : copy.items) {
    item = copy_marked(arena, item, depth + 1);
  }
  for (ValueEntry& entry : copy.entries) {
    entry.value = copy_marked(arena, entry.value, depth + 1);
  }
  return &copy;
}

const Value* merge(ValueArena& arena, const Value* global, const Value* local, int depth)
{
  if (local == nullptr) {
    return global;
  }
  if (global == nullptr || depth > k_max_depth) {
    return local;
  }
  const Token token = token_of(global);
  if (token != token_of(local) || token == Token::primitive) {
    return local;
  }
  if (token == Token::list) {
    Value& merged = arena.make(ValueKind::list, local->range);
    merged.items = global->items;
    merged.items.insert(merged.items.end(), local->items.begin(), local->items.end());
    return &merged;
  }
  // Maps: the Globals entries in their order, overridden or merged by local ones, then the
  // local-only entries.
  Value& merged = arena.make(ValueKind::map, local->range);
  merged.entries = global->entries;
  for (const ValueEntry& entry : local->entries) {
    auto same_key = [&](const ValueEntry& candidate) { return candidate.key == entry.key; };
    if (auto found = std::find_if(merged.entries.begin(), merged.entries.end(), same_key); found != merged.entries.end()) {
      found->value = merge(arena, found->value, entry.value, depth + 1);
      found->key_range = entry.key_range;
    } else {
      merged.entries.push_back(entry);
    }
  }
  return &merged;
}

} // namespace

const Value* inherited_copy(ValueArena& arena, const Value* global)
{
  return copy_marked(arena, global, 0);
}

const Value* merge_globals(ValueArena& arena, const Value* global, const Value* local)
{
  return merge(arena, global, local, 0);
}

} // namespace lint::sam
