#pragma once
// Symbolic values. Frontends evaluate what a template or module says into these; rules read them.
// A value is Known (string, number, bool, list, map), a Reference (resource/attribute, parameter,
// pseudo parameter), a Template of literal pieces and references (Fn::Sub, Fn::Join), a Choice
// between branches (Fn::If: both are possible deployments), Absent (AWS::NoValue) or Unknown
// with a reason. Unknown never becomes a guess: rules that need a value they cannot know stay silent.

#include "support/source.h"

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lint {

enum class ValueKind : std::uint8_t { unknown, absent, null, boolean, number, string, list, map, reference, text_template, choice };

struct Value;

struct Reference {
  enum class Target : std::uint8_t { resource, parameter, pseudo, unresolved };
  Target target = Target::unresolved;
  std::string name;      // logical id, parameter name or "AWS::Region"
  std::string attribute; // GetAtt attribute ("Arn"); empty for Ref
};

struct TemplatePart {
  std::string literal;          // used when !is_reference
  bool is_reference = false;
  Reference reference;
};

struct ValueEntry {
  std::string key;
  SourceRange key_range;
  const Value* value = nullptr;
};

struct Value {
  ValueKind kind = ValueKind::unknown;
  SourceRange range;       // where the value is written (for a parameter default: the Ref site)
  std::string text;        // string value, number text, unknown reason
  double number = 0;       // number (also set for numeric strings)
  bool boolean = false;
  bool numeric_text = false; // text parses as a number ("30")
  std::vector<const Value*> items;     // list, choice alternatives
  std::vector<ValueEntry> entries;     // map, in source order
  Reference reference;                 // reference
  std::vector<TemplatePart> parts;     // text_template
  std::string condition;               // choice: the condition name
  std::string via_parameter;           // the parameter whose default this value is
  SourceRange parameter_range;         // where that default is written
  bool from_globals = false;           // SAM: inherited from the template's Globals section (analyzer/sam)
  /// The file `range` is in when it is not its resource's file (Terraform: a local written in
  /// locals.tf and used in main.tf); nullptr means the resource's own file.
  SourceFilePtr file;
  SourceFilePtr parameter_file;        // likewise for parameter_range (a variable in variables.tf)

  bool is_known_scalar() const { return kind == ValueKind::string || kind == ValueKind::number || kind == ValueKind::boolean; }
  const Value* get(std::string_view key) const;
  const ValueEntry* find_entry(std::string_view key) const;
};

/// Owns values; addresses are stable.
class ValueArena {
public:
  Value& make(ValueKind kind, SourceRange range)
  {
    Value& value = m_values.emplace_back();
    value.kind = kind;
    value.range = range;
    return value;
  }

private:
  std::deque<Value> m_values;
};

/// A number, from a number or a numeric string. nullopt for anything else (including choices).
std::optional<double> as_number(const Value* value);
/// An integer (a number with no fraction).
std::optional<std::int64_t> as_integer(const Value* value);
/// A string, from a string or a number's text. nullopt otherwise.
std::optional<std::string_view> as_string(const Value* value);
std::optional<bool> as_bool(const Value* value);
/// True when the value is a known string (or number text) equal to `expected`.
bool is_text(const Value* value, std::string_view expected);
/// Every value a property may take: choices flattened, absent branches dropped. A plain value is
/// its own only possibility; nullptr gives none.
std::vector<const Value*> possible_values(const Value* value);
/// True when the value is set (not nullptr, not absent). A choice with an absent branch is set.
bool is_set(const Value* value);
/// The reference at the heart of a value: a Reference, or the only reference of a template
/// (`${Fn.Arn}`, `arn:...:${Fn}`), or nullptr.
const Reference* single_reference(const Value* value);
/// Nested lookup through maps: get_path(properties, {"VpcConfig", "SubnetIds"}); nullptr when a
/// step is missing or not a map.
const Value* get_path(const Value* value, std::initializer_list<std::string_view> path);
/// The items of a list value (empty for anything else, including unknown lists).
std::span<const Value* const> list_items(const Value* value);
/// All references inside a value (template parts, list items, map values, choice branches).
void collect_references(const Value* value, std::vector<const Reference*>& out);

} // namespace lint
