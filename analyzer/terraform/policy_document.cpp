#include "analyzer/terraform/evaluator.h"
#include "analyzer/terraform/evaluator_detail.h"

#include "data/managed_policies.h"

#include <fmt/format.h>

namespace lint::terraform {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// data "aws_iam_policy_document"

const Value* Evaluator::policy_document(Instance& instance, const Block& block)
{
  if (const auto found = instance.documents.find(&block); found != instance.documents.end()) {
    return found->second;
  }
  const std::string key = "policy." + block.name;
  const Context context{&instance, block.document, nullptr};
  const bool json_syntax = !block.node.is("block"); // .tf.json: statements are attributes holding objects
  if (instance.in_progress.contains(key)) {
    return unknown(context, block.node.range(), "policy document depends on itself");
  }
  instance.in_progress.insert(key);
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
  // statement blocks: sid, effect (default Allow), actions, not_actions, resources,
  // not_resources, principals / not_principals {type, identifiers}, condition {test, variable,
  // values}; source_policy_documents are merged first, override_policy_documents replace
  // statements with the same sid.
  const hcl::Document& document = *block.document;
  Value& out = make(context, ValueKind::map, block.node.range());
  Value& statements = make(context, ValueKind::list, block.node.range());
  auto statements_of = [&](const Value* policy) -> std::vector<const Value*> {
    std::vector<const Value*> found;
    const Value* list = policy && policy->kind == ValueKind::map ? policy->get("Statement") : nullptr;
    if (list && list->kind == ValueKind::list) {
      found.assign(list->items.begin(), list->items.end());
    } else if (list && list->kind == ValueKind::map) {
      found.push_back(list);
    }
    return found;
  };
  bool complete = true;
  auto documents_of = [&](std::string_view attribute) {
    std::vector<const Value*> found;
    if (hcl::Node node = block.attribute(attribute)) {
      const Value* list = evaluate(context, node);
      if (list->kind != ValueKind::list) {
        complete = false;
        return found;
      }
      for (const Value* item : list->items) {
        if (item->kind != ValueKind::map) {
          complete = false;
          continue;
        }
        for (const Value* statement : statements_of(item)) {
          found.push_back(statement);
        }
      }
    }
    return found;
  };
  for (const Value* statement : documents_of("source_policy_documents")) {
    statements.items.push_back(statement);
  }
  const Value* version = nullptr;
  if (hcl::Node node = block.attribute("version")) {
    version = evaluate(context, node);
  }
  // statement blocks, and dynamic "statement" blocks expanded over a known collection; in JSON
  // syntax, the objects of the "statement" property (an array, or one object for one block).
  struct RawStatement {
    const Value* body = nullptr;
    SourceRange range;
    SourceRange keyword; // where the default Effect is said to be written
  };
  std::vector<RawStatement> raw_statements;
  if (json_syntax) {
    if (hcl::Node node = block.attribute("statement")) {
      const Value* written = evaluate(context, node);
      std::vector<const Value*> bodies;
      if (written->kind == ValueKind::list) {
        bodies.assign(written->items.begin(), written->items.end());
      } else {
        bodies.push_back(written);
      }
      for (const Value* raw : bodies) {
        if (raw->kind != ValueKind::map) {
          complete = false;
          continue;
        }
        raw_statements.push_back({raw, raw->range, raw->range});
      }
    }
  }
  for (hcl::Node statement_block : json_syntax ? std::vector<hcl::Node>{} : block.body().children("block")) {
    const std::string_view type = hcl::block_type(document, statement_block);
    if (type == "dynamic") {
      const auto labels = hcl::block_labels(document, statement_block);
      const Value* expanded = !labels.empty() && labels[0].first == "statement" ? dynamic_block(context, statement_block, "statement", "") : nullptr;
      if (expanded == nullptr) {
        complete = false; // statements generated from a collection not known: not known one by one
        continue;
      }
      for (const Value* raw : expanded->items) {
        raw_statements.push_back({raw, statement_block.range(), statement_block.child("identifier").range()});
      }
      continue;
    }
    if (type == "statement") {
      raw_statements.push_back({body(context, statement_block.child("body"), ""), statement_block.range(), statement_block.child("identifier").range()});
    }
  }
  // A nested block in JSON syntax may be one object instead of an array of them.
  auto nested_blocks = [](const Value* value) -> std::vector<const Value*> {
    if (value != nullptr && value->kind == ValueKind::list) {
      return {value->items.begin(), value->items.end()};
    }
    if (value != nullptr && value->kind == ValueKind::map) {
      return {value};
    }
    return {};
  };
  for (const RawStatement& written : raw_statements) {
    const Value* raw = written.body;
    Value& statement = make(context, ValueKind::map, written.range);
    auto copy = [&](std::string_view from, std::string_view to) {
      if (const ValueEntry* entry = raw->find_entry(from); entry && entry->value && entry->value->kind != ValueKind::absent) {
        statement.entries.push_back({std::string(to), entry->key_range, entry->value}); // null: not written
      }
    };
    copy("sid", "Sid");
    if (const ValueEntry* effect = raw->find_entry("effect"); effect && effect->value && effect->value->kind != ValueKind::absent) {
      copy("effect", "Effect");
    } else {
      Value& allow = make(context, ValueKind::string, written.keyword);
      allow.text = "Allow";
      statement.entries.push_back({"Effect", allow.range, &allow});
    }
    copy("actions", "Action");
    copy("not_actions", "NotAction");
    copy("resources", "Resource");
    copy("not_resources", "NotResource");
    for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{"principals", "Principal"}, {"not_principals", "NotPrincipal"}}) {
      const ValueEntry* entry = raw->find_entry(from);
      if (entry == nullptr || (entry->value->kind != ValueKind::list && entry->value->kind != ValueKind::map)) {
        continue;
      }
      Value& principal = make(context, ValueKind::map, entry->value->range);
      const Value* result = &principal;
      for (const Value* item : nested_blocks(entry->value)) {
        const Value* type_value = item->get("type");
        const Value* identifiers = item->get("identifiers");
        const auto type_text = as_string(type_value);
        if (!type_text || identifiers == nullptr) {
          result = unknown(context, item->range, "principal type not known");
          break;
        }
        if (*type_text == "*") {
          // type "*" with identifiers ["*"] is the JSON "Principal": "*".
          Value& star = make(context, ValueKind::string, item->range);
          star.text = "*";
          result = &star;
          continue;
        }
        ValueEntry* existing = nullptr;
        for (ValueEntry& known : principal.entries) {
          if (known.key == *type_text) {
            existing = &known;
          }
        }
        if (existing == nullptr) {
          principal.entries.push_back({std::string(*type_text), type_value->range, identifiers});
        } else {
          Value& merged = make(context, ValueKind::list, existing->value->range);
          for (const Value* part : {existing->value, identifiers}) {
            if (part->kind == ValueKind::list) {
              merged.items.insert(merged.items.end(), part->items.begin(), part->items.end());
            } else {
              merged.items.push_back(part);
            }
          }
          existing->value = &merged;
        }
      }
      statement.entries.push_back({std::string(to), entry->key_range, result});
    }
    if (const ValueEntry* entry = raw->find_entry("condition");
        entry && (entry->value->kind == ValueKind::list || entry->value->kind == ValueKind::map)) {
      Value& condition = make(context, ValueKind::map, entry->value->range);
      for (const Value* item : nested_blocks(entry->value)) {
        const auto test = as_string(item->get("test"));
        const auto variable_name = as_string(item->get("variable"));
        const Value* values = item->get("values");
        if (!test || !variable_name || values == nullptr) {
          Value& unknown_key = make(context, ValueKind::unknown, item->range);
          unknown_key.text = "condition not known";
          condition.entries.push_back({"?", item->range, &unknown_key});
          continue;
        }
        ValueEntry* operator_entry = nullptr;
        for (ValueEntry& known : condition.entries) {
          if (known.key == *test) {
            operator_entry = &known;
          }
        }
        if (operator_entry == nullptr) {
          Value& by_key = make(context, ValueKind::map, item->range);
          condition.entries.push_back({std::string(*test), item->get("test")->range, &by_key});
          operator_entry = &condition.entries.back();
        }
        const_cast<Value*>(operator_entry->value)->entries.push_back({std::string(*variable_name), item->get("variable")->range, values});
      }
      statement.entries.push_back({"Condition", entry->key_range, &condition});
    }
    statements.items.push_back(&statement);
  }
  for (const Value* override_statement : documents_of("override_policy_documents")) {
    const auto sid = as_string(override_statement->get("Sid"));
    bool replaced = false;
    if (sid && !sid->empty()) {
      for (const Value*& existing : statements.items) {
        if (const auto existing_sid = as_string(existing->get("Sid")); existing_sid && *existing_sid == *sid) {
          existing = override_statement;
          replaced = true;
        }
      }
    }
    if (!replaced) {
      statements.items.push_back(override_statement);
    }
  }
  const Value* result = &out;
  if (!complete) {
    // Some statements cannot be known: the document as a whole is not known, so no rule reads
    // a partial list as if it were all the policy says.
    result = unknown(context, block.node.range(), "policy document with statements that are not known (dynamic blocks, unknown documents)");
  } else {
    if (version) {
      out.entries.push_back({"Version", version->range, version});
    } else {
      Value& default_version = make(context, ValueKind::string, block.type_range);
      default_version.text = "2012-10-17";
      out.entries.push_back({"Version", block.type_range, &default_version});
    }
    out.entries.push_back({"Statement", block.name_range, &statements});
  }
  instance.in_progress.erase(key);
  instance.documents.emplace(&block, result);
  return result;
}

const Value* Evaluator::managed_policy_data(const Context& context, const Block& block, std::string_view attribute, SourceRange range)
{
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy:
  // looked up by arn or by name. A name that is an AWS managed policy's is that policy: a
  // customer managed policy of the same name would make the lookup ambiguous, which Terraform
  // refuses. Anything else (a path_prefix lookup, a name not in the catalog) stays a reference.
  if (attribute != "arn" && attribute != "id" && attribute != "name") {
    return nullptr;
  }
  const Context written{context.instance, block.document, nullptr};
  const data::ManagedPolicySpec* spec = nullptr;
  if (hcl::Node arn = block.attribute("arn")) {
    if (const auto text = as_string(evaluate(written, arn))) {
      spec = data::find_managed_policy_by_arn(*text);
    }
  } else if (hcl::Node name = block.attribute("name"); name && !block.attribute("path_prefix")) {
    if (const auto text = as_string(evaluate(written, name))) {
      spec = data::find_managed_policy_by_name(*text);
    }
  }
  if (spec == nullptr) {
    return nullptr;
  }
  Value& out = make(context, ValueKind::string, range);
  out.text = std::string(attribute == "name" ? spec->name : spec->arn);
  return &out;
}

} // namespace lint::terraform
