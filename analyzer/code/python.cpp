// The Python reader: boto3 clients, resources, paginators and waiters in a handler file and the
// local modules it imports (tree-sitter-python).
//
// Names are tracked per file without scopes: an assignment earlier in the file is what a name
// means at a call; a name assigned once anywhere in the file (a module-level client used in a
// function defined above it) is known everywhere; a name assigned different things is known
// only after each assignment. Anything else is unknown, and a call on an unknown receiver is not
// an SDK call. A boto3 client whose service name is not a literal makes its calls unresolved.

#include "analyzer/code/calls.h"
#include "analyzer/code/tree.h"
#include "analyzer/code/code_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

namespace lint::code {
namespace {

namespace fs = std::filesystem;

struct Sym {
  enum class Kind : std::uint8_t {
    unknown, value, boto3, client_factory, resource_factory, session_factory, session, client, resource, resource_object,
    paginator, waiter, os, environ, environ_get, getenv, module,
  };
  Kind kind = Kind::unknown;
  CodeValue value;                       // value
  const SdkService* service = nullptr;   // client (nullptr: unresolved), resource, resource_object, paginator, waiter
  std::string object_type;               // resource_object: Table, Bucket, Bucket.objects, Object, Queue, Topic
  CodeValue identifier;                  // resource_object: table name, bucket, queue URL, topic ARN
  std::string operation;                 // paginator, waiter
  std::string unresolved_reason;         // client without a service
  bool own_credentials = false;          // client, resource, session: given access keys of their own
  const std::unordered_map<std::string, Sym>* module = nullptr; // a local module's names

  bool same(const Sym& other) const
  {
    return kind == other.kind && service == other.service && object_type == other.object_type && operation == other.operation &&
           value.kind == other.value.kind && value.text == other.value.text && identifier.text == other.identifier.text &&
           module == other.module;
  }
};

using Names = std::unordered_map<std::string, Sym>;

Sym sym_of(Sym::Kind kind)
{
  Sym out;
  out.kind = kind;
  return out;
}

/// The text of a plain string literal (no f-string interpolation), or nullopt.
std::optional<std::string> string_literal(const Tree& tree, TSNode node)
{
  if (!is(node, "string")) {
    return std::nullopt;
  }
  std::string out;
  const std::uint32_t count = ts_node_child_count(node);
  for (std::uint32_t i = 0; i < count; ++i) {
    const TSNode child = ts_node_child(node, i);
    const std::string_view type = type_of(child);
    if (type == "interpolation") {
      return std::nullopt;
    }
    if (type == "string_start") {
      const std::string_view start = tree.text(child);
      if (start.find_first_of("fF") != std::string_view::npos) {
        return std::nullopt;
      }
    } else if (type == "string_content") {
      out += tree.text(child);
    } else if (type == "escape_sequence") {
      return std::nullopt;
    }
  }
  return out;
}

struct ManagedMethod {
  std::string_view object_type; // "" = an S3 client's injected transfer method
  std::string_view method;
  std::string_view operation;
  int bucket_argument;          // positional index of the bucket (-1: none); also the Bucket keyword
};

// boto3's injected S3 transfer methods and the resource objects' actions, with the operation each
// sends (boto3/s3/inject.py, boto3/data/<service>/<version>/resources-1.json).
constexpr ManagedMethod k_managed[] = {
  {"", "upload_file", "PutObject", 1},       {"", "upload_fileobj", "PutObject", 1},
  {"", "download_file", "GetObject", 0},     {"", "download_fileobj", "GetObject", 0},
  {"", "copy", "CopyObject", -1},
  {"Table", "put_item", "PutItem", -1},      {"Table", "get_item", "GetItem", -1},
  {"Table", "update_item", "UpdateItem", -1}, {"Table", "delete_item", "DeleteItem", -1},
  {"Table", "query", "Query", -1},           {"Table", "scan", "Scan", -1},
  {"Table", "batch_writer", "BatchWriteItem", -1}, {"Table", "load", "DescribeTable", -1},
  {"Table", "reload", "DescribeTable", -1},  {"Table", "delete", "DeleteTable", -1},
  {"Table", "update", "UpdateTable", -1},
  {"Bucket", "put_object", "PutObject", -1}, {"Bucket", "upload_file", "PutObject", -1},
  {"Bucket", "upload_fileobj", "PutObject", -1}, {"Bucket", "download_file", "GetObject", -1},
  {"Bucket", "download_fileobj", "GetObject", -1}, {"Bucket", "delete_objects", "DeleteObjects", -1},
  {"Bucket", "copy", "CopyObject", -1},
  {"Bucket.objects", "all", "ListObjects", -1}, {"Bucket.objects", "filter", "ListObjects", -1},
  {"Bucket.objects", "limit", "ListObjects", -1}, {"Bucket.objects", "page_size", "ListObjects", -1},
  {"Bucket.objects", "delete", "DeleteObjects", -1},
  {"Object", "get", "GetObject", -1},        {"Object", "put", "PutObject", -1},
  {"Object", "delete", "DeleteObject", -1},  {"Object", "upload_file", "PutObject", -1},
  {"Object", "upload_fileobj", "PutObject", -1}, {"Object", "download_file", "GetObject", -1},
  {"Object", "download_fileobj", "GetObject", -1}, {"Object", "load", "HeadObject", -1},
  {"Object", "reload", "HeadObject", -1},    {"Object", "copy_from", "CopyObject", -1},
  {"Queue", "send_message", "SendMessage", -1}, {"Queue", "send_messages", "SendMessageBatch", -1},
  {"Queue", "receive_messages", "ReceiveMessage", -1}, {"Queue", "delete_messages", "DeleteMessageBatch", -1},
  {"Queue", "purge", "PurgeQueue", -1},
  {"Topic", "publish", "Publish", -1},
};

/// The request parameter a resource object's identifier fills.
std::string_view identifier_parameter(std::string_view object_type)
{
  if (object_type == "Table") {
    return "TableName";
  }
  if (object_type == "Queue") {
    return "QueueUrl";
  }
  if (object_type == "Topic") {
    return "TopicArn";
  }
  return "Bucket";
}

// Client methods that are not requests to AWS.
constexpr std::string_view k_local_methods[] = {
  "get_paginator", "get_waiter", "can_paginate", "generate_presigned_url", "generate_presigned_post", "close", "exceptions", "meta",
};

class PythonReader {
public:
  PythonReader(const fs::path& root, CodeScan& scan) : m_root(root), m_scan(scan) {}

  const Names* read_path(const fs::path& path, int depth)
  {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(path, error);
    const std::string key = (error ? path : canonical).string();
    if (const auto found = m_modules.find(key); found != m_modules.end()) {
      return found->second.get(); // already read (or being read: an import cycle)
    }
    m_modules[key] = std::make_unique<Names>();
    if (depth > k_max_import_depth || m_scan.files.size() >= k_max_files) {
      return m_modules[key].get();
    }
    ReadResult read = read_code_file(path, k_max_code_bytes); // an open editor buffer wins (code_reader.h)
    if (!read.text) {
      return m_modules[key].get();
    }
    auto file = std::make_shared<const SourceFile>(path.string(), std::move(*read.text));
    read_file_text(file, depth, *m_modules[key]);
    return m_modules[key].get();
  }

  void read_file_text(const SourceFilePtr& file, int depth, Names& exported)
  {
    m_scan.files.push_back(file);
    Tree tree(file, tree_sitter_python());
    if (!tree.ok()) {
      return;
    }
    FileState state{tree, file, depth, {}};
    // Pass 1: every name assigned in the file, with one meaning or none (conflicting).
    walk_preorder(tree.root(), [&](TSNode node) { collect(state, node); });
    exported = state.names.unambiguous();
    // Pass 2: in source order, resolving calls.
    walk_preorder(tree.root(), [&](TSNode node) { visit(state, node); });
  }

private:
  struct FileState {
    const Tree& tree;
    SourceFilePtr file;
    int depth;
    TwoPassNames<Sym> names;
  };

  void bind(FileState& state, std::string name, const Sym& sym, bool first_pass) { state.names.bind(std::move(name), sym, first_pass); }

  void collect(FileState& state, TSNode node) { bind_statement(state, node, true); }

  void visit(FileState& state, TSNode node)
  {
    bind_statement(state, node, false);
    if (is(node, "call")) {
      record_call(state, node);
    }
  }

  void bind_statement(FileState& state, TSNode node, bool first_pass)
  {
    const std::string_view type = type_of(node);
    if (type == "import_statement") {
      const std::uint32_t count = ts_node_named_child_count(node);
      for (std::uint32_t i = 0; i < count; ++i) {
        const TSNode item = ts_node_named_child(node, i);
        const TSNode name_node = is(item, "aliased_import") ? field(item, "name") : item;
        const TSNode alias = is(item, "aliased_import") ? field(item, "alias") : item;
        const std::string name(state.tree.text(name_node));
        const std::string bound(state.tree.text(alias));
        if (first_pass && may_call_aws(name) && !import_module_exists(state, name)) {
          note_library(name);
        }
        if (name == "boto3") {
          bind(state, bound, sym_of(Sym::Kind::boto3), first_pass);
        } else if (name == "os") {
          bind(state, bound, sym_of(Sym::Kind::os), first_pass);
        } else if (first_pass) {
          if (const Names* module = import_module(state, name, 0)) {
            Sym sym = sym_of(Sym::Kind::module);
            sym.module = module;
            bind(state, bound, sym, true);
          }
        }
      }
      return;
    }
    if (type == "import_from_statement") {
      bind_from_import(state, node, first_pass);
      return;
    }
    if (type == "assignment") {
      const TSNode left = field(node, "left");
      const TSNode right = field(node, "right");
      if ((is(left, "identifier") || is(left, "attribute")) && !ts_node_is_null(right)) {
        bind(state, std::string(state.tree.text(left)), eval(state, right, 0, first_pass), first_pass);
      }
    }
  }

  void bind_from_import(FileState& state, TSNode node, bool first_pass)
  {
    const TSNode module_node = field(node, "module_name");
    const std::string module(state.tree.text(module_node));
    const Names* local = nullptr;
    if (first_pass && !is(module_node, "relative_import") && may_call_aws(module) && !import_module_exists(state, module)) {
      note_library(module);
    }
    if (module != "boto3" && module != "os" && module != "boto3.session" && first_pass) {
      if (is(module_node, "relative_import")) {
        local = import_relative(state, module);
      } else {
        local = import_module(state, module, 0);
      }
    }
    const std::uint32_t count = ts_node_child_count(node);
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode item = ts_node_child(node, i);
      if (ts_node_eq(item, module_node) || !ts_node_is_named(item)) {
        continue;
      }
      const bool aliased = is(item, "aliased_import");
      const std::string name(state.tree.text(aliased ? field(item, "name") : item));
      const std::string bound(state.tree.text(aliased ? field(item, "alias") : item));
      if (!is(item, "dotted_name") && !aliased) {
        continue;
      }
      Sym sym;
      if (module == "boto3" && name == "client") {
        sym.kind = Sym::Kind::client_factory;
      } else if (module == "boto3" && name == "resource") {
        sym.kind = Sym::Kind::resource_factory;
      } else if ((module == "boto3" || module == "boto3.session") && name == "Session") {
        sym.kind = Sym::Kind::session_factory;
      } else if (module == "os" && name == "environ") {
        sym.kind = Sym::Kind::environ;
      } else if (module == "os" && name == "getenv") {
        sym.kind = Sym::Kind::getenv;
      } else if (local != nullptr) {
        if (const auto found = local->find(name); found != local->end()) {
          sym = found->second;
        }
      } else if (!first_pass) {
        continue; // bound in pass 1 from the imported module
      }
      if (sym.kind != Sym::Kind::unknown || first_pass) {
        bind(state, bound, sym, first_pass);
      }
    }
  }

  /// A local module `a.b`: a/b.py or a/b/__init__.py under the code root or the importing file's directory.
  const Names* import_module(FileState& state, const std::string& dotted, int up)
  {
    std::string relative = dotted;
    std::replace(relative.begin(), relative.end(), '.', '/');
    fs::path base = fs::path(state.file->path()).parent_path();
    for (int i = 0; i < up; ++i) {
      base = base.parent_path();
    }
    std::vector<fs::path> candidates;
    for (const fs::path& dir : up > 0 ? std::vector<fs::path>{base} : std::vector<fs::path>{m_root, base}) {
      candidates.push_back(dir / (relative + ".py"));
      candidates.push_back(dir / relative / "__init__.py");
    }
    for (const fs::path& candidate : candidates) {
      if (!relative.empty() && code_file_exists(candidate)) {
        return read_path(candidate.lexically_normal(), state.depth + 1);
      }
    }
    return nullptr;
  }

  /// Whether `dotted` names a local module (a file of the code, not a package).
  bool import_module_exists(FileState& state, const std::string& dotted)
  {
    std::string relative = dotted;
    std::replace(relative.begin(), relative.end(), '.', '/');
    const fs::path base = fs::path(state.file->path()).parent_path();
    for (const fs::path& dir : {m_root, base}) {
      if (code_file_exists(dir / (relative + ".py")) || code_file_exists(dir / relative / "__init__.py")) {
        return true;
      }
    }
    return false;
  }

  void note_library(const std::string& name)
  {
    const std::string top = name.substr(0, name.find('.'));
    if (std::find(m_scan.opaque_libraries.begin(), m_scan.opaque_libraries.end(), top) == m_scan.opaque_libraries.end()) {
      m_scan.opaque_libraries.push_back(top);
    }
  }

  const Names* import_relative(FileState& state, const std::string& written)
  {
    std::size_t dots = 0;
    while (dots < written.size() && written[dots] == '.') {
      ++dots;
    }
    return import_module(state, written.substr(dots), static_cast<int>(dots) - 1);
  }

  const Sym* lookup(const FileState& state, const std::string& name, bool first_pass) { return state.names.lookup(name, first_pass); }

  CodeValue value_of(FileState& state, TSNode node, bool first_pass)
  {
    const Sym sym = eval(state, node, 0, first_pass);
    return sym.kind == Sym::Kind::value ? sym.value : CodeValue{};
  }

  /// The first positional argument, or the keyword argument `keyword`.
  TSNode argument(TSNode call, std::size_t position, std::string_view keyword, const Tree& tree)
  {
    const TSNode arguments = field(call, "arguments");
    if (!is(arguments, "argument_list")) {
      return TSNode{};
    }
    std::size_t index = 0;
    const std::uint32_t count = ts_node_named_child_count(arguments);
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode item = ts_node_named_child(arguments, i);
      if (is(item, "keyword_argument")) {
        if (!keyword.empty() && tree.text(field(item, "name")) == keyword) {
          return field(item, "value");
        }
        continue;
      }
      if (is(item, "list_splat") || is(item, "dictionary_splat") || is(item, "comment")) {
        continue;
      }
      if (index++ == position) {
        return item;
      }
    }
    return TSNode{};
  }

  Sym eval(FileState& state, TSNode node, int depth, bool first_pass)
  {
    Sym out;
    if (ts_node_is_null(node) || depth > 32) {
      return out;
    }
    const std::string_view type = type_of(node);
    const Tree& tree = state.tree;
    if (type == "parenthesized_expression" || type == "await") {
      return ts_node_named_child_count(node) > 0 ? eval(state, ts_node_named_child(node, 0), depth + 1, first_pass) : out;
    }
    if (type == "string") {
      if (const auto text = string_literal(tree, node)) {
        out.kind = Sym::Kind::value;
        out.value = {CodeValue::Kind::literal, *text, tree.location(node)};
      }
      return out;
    }
    if (type == "identifier") {
      const Sym* found = lookup(state, std::string(tree.text(node)), first_pass);
      return found != nullptr ? *found : out;
    }
    if (type == "attribute") {
      if (const Sym* found = lookup(state, std::string(tree.text(node)), first_pass)) {
        return *found; // self.client, config.TABLE
      }
      const Sym object = eval(state, field(node, "object"), depth + 1, first_pass);
      const std::string_view attribute = tree.text(field(node, "attribute"));
      switch (object.kind) {
      case Sym::Kind::boto3:
        if (attribute == "client") {
          out.kind = Sym::Kind::client_factory;
        } else if (attribute == "resource") {
          out.kind = Sym::Kind::resource_factory;
        } else if (attribute == "Session") {
          out.kind = Sym::Kind::session_factory;
        } else if (attribute == "session") {
          out.kind = Sym::Kind::boto3; // boto3.session.Session
        }
        return out;
      case Sym::Kind::session:
        if (attribute == "client") {
          out.kind = Sym::Kind::client_factory;
        } else if (attribute == "resource") {
          out.kind = Sym::Kind::resource_factory;
        }
        out.own_credentials = object.own_credentials;
        return out;
      case Sym::Kind::os:
        if (attribute == "environ") {
          out.kind = Sym::Kind::environ;
        } else if (attribute == "getenv") {
          out.kind = Sym::Kind::getenv;
        }
        return out;
      case Sym::Kind::environ:
        if (attribute == "get") {
          out.kind = Sym::Kind::environ_get;
        }
        return out;
      case Sym::Kind::module:
        if (const auto found = object.module->find(std::string(attribute)); found != object.module->end()) {
          return found->second;
        }
        return out;
      case Sym::Kind::resource_object:
        if (object.object_type == "Bucket" && attribute == "objects") {
          out = object;
          out.object_type = "Bucket.objects";
        }
        return out;
      case Sym::Kind::resource:
        if (attribute == "meta") {
          return out;
        }
        return out;
      default: return out;
      }
    }
    if (type == "subscript") {
      const Sym object = eval(state, field(node, "value"), depth + 1, first_pass);
      if (object.kind == Sym::Kind::environ) {
        const auto name = string_literal(tree, field(node, "subscript"));
        if (name) {
          out.kind = Sym::Kind::value;
          out.value = {CodeValue::Kind::env, *name, tree.location(node)};
        }
      }
      return out;
    }
    if (type == "call") {
      const TSNode function = field(node, "function");
      const Sym callee = eval(state, function, depth + 1, first_pass);
      switch (callee.kind) {
      case Sym::Kind::client_factory:
      case Sym::Kind::resource_factory: {
        const TSNode name = argument(node, 0, "service_name", tree);
        const auto service_name = string_literal(tree, name);
        out.kind = callee.kind == Sym::Kind::client_factory ? Sym::Kind::client : Sym::Kind::resource;
        if (!service_name) {
          out.unresolved_reason = "the service name is not a literal";
        } else {
          out.service = service_for_boto3(*service_name);
          if (out.service == nullptr) {
            out.unresolved_reason = fmt::format("'{}' is not a service of the AWS SDK models", *service_name);
          }
        }
        if (out.kind == Sym::Kind::resource && out.service == nullptr) {
          out.kind = Sym::Kind::client; // its calls are unresolved alike
        }
        out.own_credentials = callee.own_credentials || has_credentials(node, tree);
        return out;
      }
      case Sym::Kind::session_factory:
        out.kind = Sym::Kind::session;
        out.own_credentials = has_credentials(node, tree);
        return out;
      case Sym::Kind::getenv:
      case Sym::Kind::environ_get:
        if (const auto name = string_literal(tree, argument(node, 0, "", tree))) {
          out.kind = Sym::Kind::value;
          out.value = {CodeValue::Kind::env, *name, tree.location(node)};
        }
        return out;
      default: break;
      }
      if (!is(function, "attribute")) {
        return out;
      }
      const Sym receiver = eval(state, field(function, "object"), depth + 1, first_pass);
      const std::string_view method = tree.text(field(function, "attribute"));
      if (receiver.kind == Sym::Kind::resource && receiver.service != nullptr &&
          (method == "Table" || method == "Bucket" || method == "Object" || method == "Queue" || method == "Topic")) {
        out.kind = Sym::Kind::resource_object;
        out.service = receiver.service;
        out.own_credentials = receiver.own_credentials;
        out.object_type = std::string(method);
        out.identifier = value_of(state, argument(node, 0, "", tree), first_pass);
        return out;
      }
      if (receiver.kind == Sym::Kind::resource_object && receiver.object_type == "Bucket" && method == "Object") {
        out = receiver;
        out.object_type = "Object";
        return out;
      }
      if (receiver.kind == Sym::Kind::client && receiver.service != nullptr && (method == "get_paginator" || method == "get_waiter")) {
        const auto name = string_literal(tree, argument(node, 0, "", tree));
        if (name) {
          const auto operation = method == "get_paginator" ? find_operation(*receiver.service, *name) : waiter_operation(*receiver.service, *name);
          if (operation) {
            out.kind = method == "get_paginator" ? Sym::Kind::paginator : Sym::Kind::waiter;
            out.service = receiver.service;
            out.own_credentials = receiver.own_credentials;
            out.operation = std::string(*operation);
          }
        }
        return out;
      }
      return out;
    }
    return out;
  }

  /// Keyword arguments that give a client or session credentials of its own.
  static bool has_credentials(TSNode call, const Tree& tree)
  {
    const TSNode arguments = field(call, "arguments");
    const std::uint32_t count = is(arguments, "argument_list") ? ts_node_named_child_count(arguments) : 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode item = ts_node_named_child(arguments, i);
      const std::string_view name = is(item, "keyword_argument") ? tree.text(field(item, "name")) : std::string_view();
      if (name == "aws_access_key_id" || name == "aws_session_token" || name == "botocore_session" || name == "profile_name") {
        return true;
      }
    }
    return false;
  }

  void add_call(FileState& state, TSNode at, const SdkService& service, std::string operation, std::string written,
                std::vector<std::pair<std::string, CodeValue>> parameters, bool own_credentials = false)
  {
    SdkCall call;
    call.own_credentials = own_credentials;
    call.location = state.tree.location(at);
    call.service = &service;
    call.operation = std::move(operation);
    call.written = std::move(written);
    call.parameters = std::move(parameters);
    m_scan.calls.push_back(std::move(call));
  }

  std::vector<std::pair<std::string, CodeValue>> keyword_parameters(FileState& state, TSNode call)
  {
    std::vector<std::pair<std::string, CodeValue>> out;
    const TSNode arguments = field(call, "arguments");
    const std::uint32_t count = is(arguments, "argument_list") ? ts_node_named_child_count(arguments) : 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode item = ts_node_named_child(arguments, i);
      if (is(item, "keyword_argument")) {
        CodeValue value = value_of(state, field(item, "value"), false);
        if (value.kind != CodeValue::Kind::unknown) {
          out.emplace_back(std::string(state.tree.text(field(item, "name"))), std::move(value));
        }
      }
    }
    return out;
  }

  void record_call(FileState& state, TSNode call)
  {
    const TSNode function = field(call, "function");
    if (!is(function, "attribute")) {
      return;
    }
    const TSNode method_node = field(function, "attribute");
    const std::string method(state.tree.text(method_node));
    const Sym receiver = eval(state, field(function, "object"), 0, false);
    switch (receiver.kind) {
    case Sym::Kind::client: {
      if (method == "generate_presigned_url" && receiver.service != nullptr) {
        // A presigned URL carries the role's signature: whoever uses it needs the role to allow
        // the operation it names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html).
        const auto client_method = string_literal(state.tree, argument(call, 0, "ClientMethod", state.tree));
        const auto operation = client_method ? find_operation(*receiver.service, *client_method) : std::nullopt;
        if (operation) {
          add_call(state, method_node, *receiver.service, std::string(*operation), method, {}, receiver.own_credentials);
        } else {
          m_scan.unresolved.push_back({state.tree.location(method_node), "a presigned URL for an operation that is not known"});
        }
        return;
      }
      if (std::find(std::begin(k_local_methods), std::end(k_local_methods), method) != std::end(k_local_methods)) {
        return;
      }
      if (receiver.service == nullptr) {
        m_scan.unresolved.push_back({state.tree.location(method_node), fmt::format("'{}' on a client whose service is not known ({})", method,
                                                                                   receiver.unresolved_reason)});
        return;
      }
      if (receiver.service->key == "s3") {
        for (const ManagedMethod& managed : k_managed) {
          if (managed.object_type.empty() && managed.method == method) {
            auto parameters = keyword_parameters(state, call);
            if (managed.bucket_argument >= 0) {
              CodeValue bucket = value_of(state, argument(call, static_cast<std::size_t>(managed.bucket_argument), "Bucket", state.tree), false);
              if (bucket.kind != CodeValue::Kind::unknown) {
                parameters.emplace_back("Bucket", std::move(bucket));
              }
            }
            add_call(state, method_node, *receiver.service, std::string(managed.operation), method, std::move(parameters), receiver.own_credentials);
            return;
          }
        }
      }
      if (const auto operation = find_operation(*receiver.service, method)) {
        add_call(state, method_node, *receiver.service, std::string(*operation), method, keyword_parameters(state, call), receiver.own_credentials);
      } else {
        m_scan.unresolved.push_back(
          {state.tree.location(method_node), fmt::format("{} has no operation '{}'", receiver.service->service_id, method)});
      }
      return;
    }
    case Sym::Kind::paginator:
    case Sym::Kind::waiter:
      if ((receiver.kind == Sym::Kind::paginator && method == "paginate") || (receiver.kind == Sym::Kind::waiter && method == "wait")) {
        add_call(state, method_node, *receiver.service, receiver.operation, method, keyword_parameters(state, call), receiver.own_credentials);
      }
      return;
    case Sym::Kind::resource_object:
      for (const ManagedMethod& managed : k_managed) {
        if (managed.object_type == receiver.object_type && managed.method == method) {
          auto parameters = keyword_parameters(state, call);
          if (receiver.identifier.kind != CodeValue::Kind::unknown) {
            parameters.emplace_back(std::string(identifier_parameter(receiver.object_type)), receiver.identifier);
          }
          add_call(state, method_node, *receiver.service, std::string(managed.operation), method, std::move(parameters), receiver.own_credentials);
          return;
        }
      }
      m_scan.unresolved.push_back({state.tree.location(method_node), fmt::format("'{}' on a boto3 {} resource", method, receiver.object_type)});
      return;
    case Sym::Kind::resource:
      if (method == "Table" || method == "Bucket" || method == "Object" || method == "Queue" || method == "Topic") {
        return; // creates a resource object, sends nothing
      }
      if (const auto operation = find_operation(*receiver.service, method)) {
        add_call(state, method_node, *receiver.service, std::string(*operation), method, keyword_parameters(state, call), receiver.own_credentials);
      }
      return;
    default: return;
    }
  }

  fs::path m_root;
  CodeScan& m_scan;
  std::map<std::string, std::unique_ptr<Names>> m_modules;
};

} // namespace

void scan_python(const fs::path& root, const fs::path& entry, CodeScan& scan)
{
  PythonReader reader(root, scan);
  reader.read_path(entry, 0);
}

void scan_python_text(SourceFilePtr file, CodeScan& scan)
{
  PythonReader reader(fs::path(file->path()).parent_path(), scan);
  Names names;
  // Inline code is one file: its imports are the runtime's modules, never files beside the template.
  reader.read_file_text(file, k_max_import_depth + 1, names);
}

} // namespace lint::code
