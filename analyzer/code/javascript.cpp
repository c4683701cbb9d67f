// The JavaScript/TypeScript reader: the AWS SDK for JavaScript v3 (`client.send(new
// PutItemCommand(...))`, aggregated clients, `paginate*`, @aws-sdk/lib-dynamodb document
// commands) and v2 (`new AWS.S3().getObject(...)`, `AWS.DynamoDB.DocumentClient`), in a handler
// file and the local modules it imports (tree-sitter-javascript and tree-sitter-typescript).
//
// Names are tracked per file as in python.cpp: a name assigned once is known everywhere in the
// file, a name assigned different things only after each assignment.

#include "analyzer/code/calls.h"
#include "analyzer/code/tree.h"
#include "analyzer/code/code_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace lint::code {
namespace {

namespace fs = std::filesystem;

struct Sym {
  enum class Kind : std::uint8_t {
    unknown, value, require, aws_v2, v2_class, v2_doc_class, v2_client, v2_doc_client, v3_module, v3_client_class, v3_client,
    v3_aggregate_class, v3_aggregate, v3_doc_factory, command, paginate, process, process_env,
  };
  Kind kind = Kind::unknown;
  CodeValue value;
  const SdkService* service = nullptr;
  bool document = false;          // a DynamoDB document client or command (lib-dynamodb, DocumentClient)
  std::string operation;          // command, paginate
  std::string written;            // the command's name
  std::vector<std::pair<std::string, CodeValue>> parameters; // a constructed command's input
  bool own_credentials = false;   // a client given `credentials` (or access keys) of its own

  bool same(const Sym& other) const
  {
    return kind == other.kind && service == other.service && document == other.document && operation == other.operation &&
           value.kind == other.value.kind && value.text == other.value.text;
  }
};

using Names = std::unordered_map<std::string, Sym>;

// @aws-sdk/lib-dynamodb commands and DocumentClient methods, and the DynamoDB operation each sends
// (https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-dynamodb/).
constexpr std::pair<std::string_view, std::string_view> k_document_operations[] = {
  {"Put", "PutItem"},           {"Get", "GetItem"},
  {"Update", "UpdateItem"},     {"Delete", "DeleteItem"},
  {"Query", "Query"},           {"Scan", "Scan"},
  {"BatchGet", "BatchGetItem"}, {"BatchWrite", "BatchWriteItem"},
  {"TransactGet", "TransactGetItems"}, {"TransactWrite", "TransactWriteItems"},
  {"ExecuteStatement", "ExecuteStatement"}, {"BatchExecuteStatement", "BatchExecuteStatement"},
  {"ExecuteTransaction", "ExecuteTransaction"},
};

std::optional<std::string_view> document_operation(std::string_view name)
{
  for (const auto& [document, operation] : k_document_operations) {
    if (name.size() == document.size() &&
        std::equal(name.begin(), name.end(), document.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return operation;
    }
  }
  return std::nullopt;
}

/// The text of a string or a template string without substitutions.
std::optional<std::string> string_literal(const Tree& tree, TSNode node)
{
  if (is(node, "string")) {
    std::string out;
    const std::uint32_t count = ts_node_named_child_count(node);
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode child = ts_node_named_child(node, i);
      if (!is(child, "string_fragment")) {
        return std::nullopt;
      }
      out += tree.text(child);
    }
    return out;
  }
  if (is(node, "template_string")) {
    const std::string_view text = tree.text(node);
    if (text.size() >= 2 && text.find("${") == std::string_view::npos) {
      return std::string(text.substr(1, text.size() - 2));
    }
  }
  return std::nullopt;
}

constexpr std::string_view k_v2_local_methods[] = {
  "createPresignedPost", "config", "endpoint", "createSet", "destroy", "middlewareStack",
  "on", "setupRequestListeners",
};

class JavaScriptReader {
public:
  JavaScriptReader(const fs::path& root, CodeScan& scan) : m_root(root), m_scan(scan) {}

  void read_path(const fs::path& path, int depth)
  {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(path, error);
    const std::string key = (error ? path : canonical).string();
    if (!m_seen.insert(key).second || depth > k_max_import_depth || m_scan.files.size() >= k_max_files) {
      return;
    }
    ReadResult read = read_code_file(path, k_max_code_bytes); // an open editor buffer wins (code_reader.h)
    if (!read.text) {
      return;
    }
    read_text(std::make_shared<const SourceFile>(path.string(), std::move(*read.text)), depth);
  }

  void read_text(const SourceFilePtr& file, int depth)
  {
    m_scan.files.push_back(file);
    const std::string extension = fs::path(file->path()).extension().string();
    const bool typescript = extension == ".ts" || extension == ".mts" || extension == ".cts";
    Tree tree(file, typescript ? tree_sitter_typescript() : tree_sitter_javascript());
    if (!tree.ok()) {
      return;
    }
    FileState state{tree, file, depth, {}};
    walk_preorder(tree.root(), [&](TSNode node) { bind_statement(state, node, true); });
    walk_preorder(tree.root(), [&](TSNode node) {
      bind_statement(state, node, false);
      if (is(node, "call_expression")) {
        record_call(state, node);
      }
    });
  }

private:
  struct FileState {
    const Tree& tree;
    SourceFilePtr file;
    int depth;
    TwoPassNames<Sym> names;
  };

  void bind(FileState& state, std::string name, const Sym& sym, bool first_pass) { state.names.bind(std::move(name), sym, first_pass); }

  const Sym* lookup(const FileState& state, const std::string& name, bool first_pass) { return state.names.lookup(name, first_pass); }

  /// What `import ... from "<module>"` / `require("<module>")` gives as a whole.
  Sym module_sym(FileState& state, const std::string& module, bool first_pass)
  {
    Sym out;
    if (module == "aws-sdk" || module == "aws-sdk/global") {
      out.kind = Sym::Kind::aws_v2;
    } else if (module.starts_with("aws-sdk/clients/")) {
      out.service = service_for_v2_id(module.substr(std::string_view("aws-sdk/clients/").size()));
      out.kind = out.service != nullptr ? Sym::Kind::v2_class : Sym::Kind::unknown;
    } else if (module == "@aws-sdk/lib-dynamodb") {
      out.kind = Sym::Kind::v3_module;
      out.service = service_for_v2_id("dynamodb");
      out.document = true;
    } else if (const SdkService* service = service_for_v3_package(module)) {
      out.kind = Sym::Kind::v3_module;
      out.service = service;
    } else if (first_pass && (module.starts_with("./") || module.starts_with("../"))) {
      import_local(state, module);
    } else if (first_pass && may_call_aws(module) &&
               std::find(m_scan.opaque_libraries.begin(), m_scan.opaque_libraries.end(), module) == m_scan.opaque_libraries.end()) {
      m_scan.opaque_libraries.push_back(module);
    }
    return out;
  }

  void import_local(FileState& state, const std::string& module)
  {
    const fs::path base = (fs::path(state.file->path()).parent_path() / module).lexically_normal();
    for (const std::string_view suffix : {"", ".js", ".mjs", ".cjs", ".ts", "/index.js", "/index.mjs", "/index.ts"}) {
      const fs::path candidate = fs::path(base.string() + std::string(suffix));
      if (code_file_exists(candidate)) {
        read_path(candidate, state.depth + 1);
        return;
      }
    }
    // A compiled handler (dist/app.js) importing ./lib.js whose source is lib.ts.
    if (base.extension() == ".js") {
      fs::path source = base;
      source.replace_extension(".ts");
      if (code_file_exists(source)) {
        read_path(source, state.depth + 1);
      }
    }
  }

  /// A named member of a module or object: `AWS.S3`, `{ PutItemCommand } from "@aws-sdk/client-dynamodb"`.
  Sym member(const Sym& object, std::string_view name, const Tree& tree, TSNode at)
  {
    Sym out;
    switch (object.kind) {
    case Sym::Kind::aws_v2:
      if (const SdkService* service = service_for_v2_class(name)) {
        out.kind = Sym::Kind::v2_class;
        out.service = service;
      }
      return out;
    case Sym::Kind::v2_class:
      if (object.service != nullptr && object.service->key == "dynamodb" && name == "DocumentClient") {
        out.kind = Sym::Kind::v2_doc_class;
        out.service = object.service;
      }
      return out;
    case Sym::Kind::v3_module:
      out.service = object.service;
      out.document = object.document;
      if (name.ends_with("Command") && name.size() > 7) {
        const std::string_view stem = name.substr(0, name.size() - 7);
        const auto operation = object.document ? document_operation(stem) : find_operation(*object.service, stem);
        if (operation) {
          out.kind = Sym::Kind::command;
          out.operation = std::string(*operation);
          out.written = std::string(name);
        }
      } else if (name.starts_with("paginate") && name.size() > 8) {
        if (const auto operation = find_operation(*object.service, name.substr(8))) {
          out.kind = Sym::Kind::paginate;
          out.operation = std::string(*operation);
          out.written = std::string(name);
        }
      } else if (name == "DynamoDBDocumentClient" && object.document) {
        out.kind = Sym::Kind::v3_client_class;
      } else if (name == "DynamoDBDocument" && object.document) {
        out.kind = Sym::Kind::v3_aggregate_class;
      } else if (name.ends_with("Client")) {
        out.kind = Sym::Kind::v3_client_class;
      } else if (!name.empty() && std::isupper(static_cast<unsigned char>(name[0])) && !name.ends_with("Exception") &&
                 name.find("Command") == std::string_view::npos) {
        out.kind = Sym::Kind::v3_aggregate_class;
      }
      return out;
    case Sym::Kind::v3_client_class:
    case Sym::Kind::v3_aggregate_class:
      if (object.document && name == "from") {
        out = object;
        out.kind = Sym::Kind::v3_doc_factory;
      }
      return out;
    case Sym::Kind::process:
      if (name == "env") {
        out.kind = Sym::Kind::process_env;
      }
      return out;
    case Sym::Kind::process_env:
      out.kind = Sym::Kind::value;
      out.value = {CodeValue::Kind::env, std::string(name), tree.location(at)};
      return out;
    default: return out;
    }
  }

  void bind_pattern(FileState& state, TSNode pattern, const Sym& source, bool first_pass)
  {
    const std::uint32_t count = ts_node_named_child_count(pattern);
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode item = ts_node_named_child(pattern, i);
      if (is(item, "shorthand_property_identifier_pattern")) {
        const std::string name(state.tree.text(item));
        bind(state, name, member(source, name, state.tree, item), first_pass);
      } else if (is(item, "pair_pattern")) {
        const TSNode key = field(item, "key");
        const TSNode value = field(item, "value");
        if (is(value, "identifier")) {
          bind(state, std::string(state.tree.text(value)), member(source, state.tree.text(key), state.tree, key), first_pass);
        }
      }
    }
  }

  void bind_statement(FileState& state, TSNode node, bool first_pass)
  {
    const std::string_view type = type_of(node);
    const Tree& tree = state.tree;
    if (type == "import_statement") {
      const auto module = string_literal(tree, field(node, "source"));
      if (!module) {
        return;
      }
      const Sym whole = module_sym(state, *module, first_pass);
      const std::uint32_t count = ts_node_named_child_count(node);
      for (std::uint32_t i = 0; i < count; ++i) {
        const TSNode clause = ts_node_named_child(node, i);
        if (!is(clause, "import_clause")) {
          continue;
        }
        const std::uint32_t parts = ts_node_named_child_count(clause);
        for (std::uint32_t j = 0; j < parts; ++j) {
          const TSNode part = ts_node_named_child(clause, j);
          if (is(part, "identifier")) {
            // A default import: aws-sdk's default export is the AWS namespace; a v3 package has none.
            bind(state, std::string(tree.text(part)), whole.kind == Sym::Kind::v3_module ? Sym{} : whole, first_pass);
          } else if (is(part, "namespace_import") && ts_node_named_child_count(part) > 0) {
            bind(state, std::string(tree.text(ts_node_named_child(part, 0))), whole, first_pass);
          } else if (is(part, "named_imports")) {
            const std::uint32_t specifiers = ts_node_named_child_count(part);
            for (std::uint32_t k = 0; k < specifiers; ++k) {
              const TSNode specifier = ts_node_named_child(part, k);
              if (!is(specifier, "import_specifier")) {
                continue;
              }
              const TSNode name = field(specifier, "name");
              const TSNode alias = field(specifier, "alias");
              bind(state, std::string(tree.text(ts_node_is_null(alias) ? name : alias)), member(whole, tree.text(name), tree, name), first_pass);
            }
          }
        }
      }
      return;
    }
    if (type == "variable_declarator") {
      const TSNode name = field(node, "name");
      const TSNode value = field(node, "value");
      if (ts_node_is_null(value)) {
        return;
      }
      const Sym sym = eval(state, value, 0, first_pass);
      if (is(name, "identifier")) {
        bind(state, std::string(tree.text(name)), sym, first_pass);
      } else if (is(name, "object_pattern")) {
        bind_pattern(state, name, sym, first_pass);
      }
      return;
    }
    if (type == "assignment_expression") {
      const TSNode left = field(node, "left");
      if (is(left, "identifier") || is(left, "member_expression")) {
        bind(state, std::string(tree.text(left)), eval(state, field(node, "right"), 0, first_pass), first_pass);
      }
    }
  }

  std::vector<std::pair<std::string, CodeValue>> object_parameters(FileState& state, TSNode object, bool first_pass)
  {
    std::vector<std::pair<std::string, CodeValue>> out;
    if (!is(object, "object")) {
      return out;
    }
    const std::uint32_t count = ts_node_named_child_count(object);
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode item = ts_node_named_child(object, i);
      std::string key;
      Sym value;
      if (is(item, "pair")) {
        const TSNode key_node = field(item, "key");
        const auto quoted = string_literal(state.tree, key_node);
        key = quoted ? *quoted : std::string(state.tree.text(key_node));
        value = eval(state, field(item, "value"), 1, first_pass);
      } else if (is(item, "shorthand_property_identifier")) {
        key = std::string(state.tree.text(item));
        if (const Sym* found = lookup(state, key, first_pass)) {
          value = *found;
        }
      }
      if (value.kind == Sym::Kind::value) {
        out.emplace_back(std::move(key), value.value);
      }
    }
    return out;
  }

  TSNode argument(TSNode call, std::uint32_t index)
  {
    const TSNode arguments = field(call, "arguments");
    if (ts_node_is_null(arguments) || ts_node_named_child_count(arguments) <= index) {
      return TSNode{};
    }
    return ts_node_named_child(arguments, index);
  }

  Sym eval(FileState& state, TSNode node, int depth, bool first_pass)
  {
    Sym out;
    if (ts_node_is_null(node) || depth > 32) {
      return out;
    }
    const Tree& tree = state.tree;
    const std::string_view type = type_of(node);
    if (type == "parenthesized_expression" || type == "await_expression" || type == "as_expression" ||
        type == "non_null_expression" || type == "satisfies_expression" || type == "type_assertion") {
      return ts_node_named_child_count(node) > 0 ? eval(state, ts_node_named_child(node, 0), depth + 1, first_pass) : out;
    }
    if (type == "string" || type == "template_string") {
      if (const auto text = string_literal(tree, node)) {
        out.kind = Sym::Kind::value;
        out.value = {CodeValue::Kind::literal, *text, tree.location(node)};
      }
      return out;
    }
    if (type == "identifier") {
      const std::string name(tree.text(node));
      if (const Sym* found = lookup(state, name, first_pass)) {
        return *found;
      }
      if (name == "process") {
        out.kind = Sym::Kind::process;
      } else if (name == "require") {
        out.kind = Sym::Kind::require;
      }
      return out;
    }
    if (type == "member_expression") {
      if (const Sym* found = lookup(state, std::string(tree.text(node)), first_pass)) {
        return *found; // this.client
      }
      const TSNode property = field(node, "property");
      return member(eval(state, field(node, "object"), depth + 1, first_pass), tree.text(property), tree, node);
    }
    if (type == "subscript_expression") {
      const auto key = string_literal(tree, field(node, "index"));
      return key ? member(eval(state, field(node, "object"), depth + 1, first_pass), *key, tree, node) : out;
    }
    if (type == "call_expression") {
      const Sym callee = eval(state, field(node, "function"), depth + 1, first_pass);
      if (callee.kind == Sym::Kind::require) {
        const auto module = string_literal(tree, argument(node, 0));
        return module ? module_sym(state, *module, first_pass) : out;
      }
      if (callee.kind == Sym::Kind::v3_doc_factory) {
        out = callee;
        out.kind = Sym::Kind::v3_client;
        out.own_credentials = eval(state, argument(node, 0), depth + 1, first_pass).own_credentials;
        return out;
      }
      return out;
    }
    if (type == "new_expression") {
      Sym constructor = eval(state, field(node, "constructor"), depth + 1, first_pass);
      constructor.own_credentials = has_credentials(argument(node, 0), tree);
      switch (constructor.kind) {
      case Sym::Kind::v2_class: constructor.kind = Sym::Kind::v2_client; return constructor;
      case Sym::Kind::v2_doc_class:
        constructor.kind = Sym::Kind::v2_doc_client;
        constructor.document = true;
        return constructor;
      case Sym::Kind::v3_client_class: constructor.kind = Sym::Kind::v3_client; return constructor;
      case Sym::Kind::v3_aggregate_class: constructor.kind = Sym::Kind::v3_aggregate; return constructor;
      case Sym::Kind::command:
        constructor.parameters = object_parameters(state, argument(node, 0), first_pass);
        return constructor;
      default: return out;
      }
    }
    return out;
  }

  /// A client configuration that names credentials of its own ({ credentials: ... }, access keys).
  static bool has_credentials(TSNode object, const Tree& tree)
  {
    if (!is(object, "object")) {
      return false;
    }
    const std::uint32_t count = ts_node_named_child_count(object);
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode item = ts_node_named_child(object, i);
      const TSNode key = is(item, "pair") ? field(item, "key") : item;
      const std::string_view name = tree.text(key);
      if (name == "credentials" || name == "accessKeyId" || name == "secretAccessKey" || name == "sessionToken") {
        return true;
      }
    }
    return false;
  }

  void add_call(const Location& at, const SdkService& service, std::string operation, std::string written,
                std::vector<std::pair<std::string, CodeValue>> parameters, bool own_credentials = false)
  {
    SdkCall call;
    call.own_credentials = own_credentials;
    call.location = at;
    call.service = &service;
    call.operation = std::move(operation);
    call.written = std::move(written);
    call.parameters = std::move(parameters);
    m_scan.calls.push_back(std::move(call));
  }

  void record_call(FileState& state, TSNode call)
  {
    const Tree& tree = state.tree;
    const TSNode function = field(call, "function");
    if (is(function, "identifier") && tree.text(function) == "getSignedUrl") {
      // @aws-sdk/s3-request-presigner: the URL carries the role's signature, so whoever uses it
      // needs the role to allow the command's operation.
      const TSNode command_node = argument(call, 1);
      const Sym command = eval(state, command_node, 0, false);
      if (command.kind == Sym::Kind::command && command.service != nullptr) {
        const TSNode at = is(command_node, "new_expression") ? field(command_node, "constructor") : command_node;
        add_call(tree.location(at), *command.service, command.operation, command.written, command.parameters);
      }
      return;
    }
    if (is(function, "identifier")) {
      const Sym callee = eval(state, function, 0, false);
      if (callee.kind == Sym::Kind::paginate) {
        add_call(tree.location(function), *callee.service, callee.operation, callee.written, object_parameters(state, argument(call, 1), false));
      }
      return;
    }
    if (!is(function, "member_expression")) {
      return;
    }
    const TSNode property = field(function, "property");
    const std::string method(tree.text(property));
    const Sym receiver = eval(state, field(function, "object"), 0, false);
    if (method == "send") {
      const TSNode argument_node = argument(call, 0);
      const Sym command = eval(state, argument_node, 0, false);
      if (command.kind == Sym::Kind::command && command.service != nullptr) {
        const TSNode at = is(argument_node, "new_expression") ? field(argument_node, "constructor") : argument_node;
        add_call(tree.location(at), *command.service, command.operation, command.written, command.parameters, receiver.own_credentials);
        return;
      }
      if (receiver.kind == Sym::Kind::v3_client) {
        m_scan.unresolved.push_back({tree.location(property), "send() of a command that is not known"});
      }
      return;
    }
    const bool v2 = receiver.kind == Sym::Kind::v2_client || receiver.kind == Sym::Kind::v2_doc_client;
    if (!v2 && receiver.kind != Sym::Kind::v3_aggregate) {
      return;
    }
    if (receiver.service == nullptr ||
        std::find(std::begin(k_v2_local_methods), std::end(k_v2_local_methods), method) != std::end(k_v2_local_methods)) {
      return;
    }
    auto parameters = object_parameters(state, argument(call, 0), false);
    if (receiver.kind == Sym::Kind::v2_client && method == "waitFor") {
      const auto waiter = string_literal(tree, argument(call, 0));
      const auto operation = waiter ? waiter_operation(*receiver.service, *waiter) : std::nullopt;
      if (operation) {
        add_call(tree.location(property), *receiver.service, std::string(*operation), method, object_parameters(state, argument(call, 1), false),
                 receiver.own_credentials);
      } else {
        m_scan.unresolved.push_back({tree.location(property), "waitFor() with a waiter that is not known"});
      }
      return;
    }
    if (receiver.kind == Sym::Kind::v2_client && (method == "getSignedUrl" || method == "getSignedUrlPromise")) {
      const auto name = string_literal(tree, argument(call, 0));
      const auto operation = name ? find_operation(*receiver.service, *name) : std::nullopt;
      if (operation) {
        add_call(tree.location(property), *receiver.service, std::string(*operation), method, object_parameters(state, argument(call, 1), false),
                 receiver.own_credentials);
      }
      return;
    }
    if (receiver.kind == Sym::Kind::v2_client && receiver.service->key == "s3" && method == "upload") {
      add_call(tree.location(property), *receiver.service, "PutObject", method, std::move(parameters), receiver.own_credentials); // managed upload
      return;
    }
    const auto operation = receiver.document ? document_operation(method) : find_operation(*receiver.service, method);
    if (operation) {
      add_call(tree.location(property), *receiver.service, std::string(*operation), method, std::move(parameters), receiver.own_credentials);
    } else {
      m_scan.unresolved.push_back({tree.location(property), fmt::format("{} has no operation '{}'", receiver.service->service_id, method)});
    }
  }

  fs::path m_root;
  CodeScan& m_scan;
  std::set<std::string> m_seen;
};

} // namespace

void scan_javascript(const fs::path& root, const fs::path& entry, CodeScan& scan)
{
  JavaScriptReader reader(root, scan);
  reader.read_path(entry, 0);
}

void scan_javascript_text(SourceFilePtr file, CodeScan& scan)
{
  // Inline code is one file: its imports are the runtime's modules, never files beside the template.
  JavaScriptReader reader(fs::path(file->path()).parent_path(), scan);
  reader.read_text(file, k_max_import_depth + 1);
}

} // namespace lint::code
