#include "analyzer/value.h"

#include <cmath>

namespace lint {

const ValueEntry* Value::find_entry(std::string_view key) const
{
  if (kind != ValueKind::map) {
    return nullptr;
  }
  for (const ValueEntry& entry : entries) {
    if (entry.key == key) {
      return &entry;
    }
  }
  return nullptr;
}

const Value* Value::get(std::string_view key) const
{
  const ValueEntry* entry = find_entry(key);
  return entry ? entry->value : nullptr;
}

std::optional<double> as_number(const Value* value)
{
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->kind == ValueKind::number || (value->kind == ValueKind::string && value->numeric_text)) {
    return value->number;
  }
  return std::nullopt;
}

std::optional<std::int64_t> as_integer(const Value* value)
{
  const std::optional<double> number = as_number(value);
  if (!number || std::floor(*number) != *number || std::fabs(*number) > 9e15) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(*number);
}

std::optional<std::string_view> as_string(const Value* value)
{
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->kind == ValueKind::string || value->kind == ValueKind::number) {
    return std::string_view(value->text);
  }
  if (value->kind == ValueKind::boolean) {
    return value->boolean ? std::string_view("true") : std::string_view("false");
  }
  return std::nullopt;
}

bool is_text(const Value* value, std::string_view expected)
{
  const auto text = as_string(value);
  return text && *text == expected;
}

std::optional<bool> as_bool(const Value* value)
{
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->kind == ValueKind::boolean) {
    return value->boolean;
  }
  if (value->kind == ValueKind::string) {
    if (value->text == "true" || value->text == "True") {
      return true;
    }
    if (value->text == "false" || value->text == "False") {
      return false;
    }
  }
  return std::nullopt;
}

namespace {
void flatten(const Value* value, std::vector<const Value*>& out, int depth)
{
  if (value == nullptr || value->kind == ValueKind::absent || depth > 32) {
    return;
  }
  if (value->kind == ValueKind::choice) {
    for (const Value* branch : value->items) {
      flatten(branch, out, depth + 1);
    }
    return;
  }
  out.push_back(value);
}
} // namespace

std::vector<const Value*> possible_values(const Value* value)
{
  std::vector<const Value*> out;
  flatten(value, out, 0);
  return out;
}

bool is_set(const Value* value)
{
  return value != nullptr && value->kind != ValueKind::absent;
}

const Reference* single_reference(const Value* value)
{
  if (value == nullptr) {
    return nullptr;
  }
  if (value->kind == ValueKind::reference) {
    return &value->reference;
  }
  if (value->kind == ValueKind::text_template) {
    const Reference* found = nullptr;
    for (const TemplatePart& part : value->parts) {
      if (!part.is_reference || part.reference.target == Reference::Target::pseudo) {
        continue;
      }
      if (found != nullptr) {
        return nullptr;
      }
      found = &part.reference;
    }
    return found;
  }
  return nullptr;
}

const Value* get_path(const Value* value, std::initializer_list<std::string_view> path)
{
  for (std::string_view key : path) {
    if (value == nullptr || value->kind != ValueKind::map) {
      return nullptr;
    }
    value = value->get(key);
  }
  return value;
}

std::span<const Value* const> list_items(const Value* value)
{
  if (value == nullptr || value->kind != ValueKind::list) {
    return {};
  }
  return value->items;
}

void collect_references(const Value* value, std::vector<const Reference*>& out)
{
  if (value == nullptr) {
    return;
  }
  switch (value->kind) {
  case ValueKind::reference:
    out.push_back(&value->reference);
    break;
  case ValueKind::text_template:
    for (const TemplatePart& part : value->parts) {
      if (part.is_reference) {
        out.push_back(&part.reference);
      }
    }
    break;
  case ValueKind::list:
  case ValueKind::choice:
    for (const Value* item : value->items) {
      collect_references(item, out);
    }
    break;
  case ValueKind::map:
    for (const ValueEntry& entry : value->entries) {
      collect_references(entry.value, out);
    }
    break;
  default:
    break;
  }
}

} // namespace lint
