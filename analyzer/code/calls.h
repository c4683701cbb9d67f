#pragma once
// What the readers of handler code (python.cpp, javascript.cpp) find: the AWS SDK calls of a set of
// files, each resolved to a service and an operation, with the arguments that name the resource
// it acts on, and how many SDK calls could not be resolved (a dynamic service name, a client of
// unknown origin, a method the service does not have).

#include "analyzer/code/sdk_models.h"
#include "support/source.h"

#include <filesystem>
#include <string>
#include <vector>

namespace lint::code {

enum class Language : std::uint8_t { python, javascript, typescript };
std::string_view to_string(Language language);

/// A value in the code, as far as it is statically known.
struct CodeValue {
  enum class Kind : std::uint8_t { unknown, literal, env };
  Kind kind = Kind::unknown;
  std::string text;      // the literal, or the environment variable's name
  Location location;     // where the environment variable is read (for related locations)
};

struct SdkCall {
  Location location;               // the method name (or the command) in the code file
  const SdkService* service = nullptr;
  std::string operation;           // "PutItem"
  std::string written;             // how the code says it: "put_item", "PutItemCommand"
  /// Top-level request parameters whose value is known or comes from the environment
  /// (TableName=os.environ["TABLE"], { Bucket: process.env.BUCKET }).
  std::vector<std::pair<std::string, CodeValue>> parameters;
  /// The client was given credentials of its own (access keys, a credentials provider): the call
  /// is not made with the execution role.
  bool own_credentials = false;

  const CodeValue* parameter(std::string_view name) const;
};

/// An SDK call the reader saw but could not resolve.
struct UnresolvedCall {
  Location location;
  std::string reason;  // "service name is not a literal", "DynamoDB has no operation 'put_itm'"
};

struct CodeScan {
  std::vector<SourceFilePtr> files;  // the handler file first, then the local modules it imports
  std::vector<SdkCall> calls;
  std::vector<UnresolvedCall> unresolved;
  /// Imported packages that call AWS themselves (pyqldb, awswrangler, Powertools parameters,
  /// @aws-sdk/lib-storage, ...): their calls are not seen, so what the code needs is not fully known.
  std::vector<std::string> opaque_libraries;
};

/// Whether an imported package (Python module or npm package) may call AWS APIs of its own.
bool may_call_aws(std::string_view package);

/// Limits that keep hostile input linear: files read per function, bytes per file, import depth.
inline constexpr std::size_t k_max_files = 64;
inline constexpr std::size_t k_max_code_bytes = 2 * 1024 * 1024;
inline constexpr int k_max_import_depth = 8;

/// Reads `entry` and the local modules it imports (resolved under `root`), appending to `scan`.
void scan_python(const std::filesystem::path& root, const std::filesystem::path& entry, CodeScan& scan);
void scan_javascript(const std::filesystem::path& root, const std::filesystem::path& entry, CodeScan& scan);
/// Inline source (CloudFormation Code.ZipFile): one file, no imports.
void scan_python_text(SourceFilePtr file, CodeScan& scan);
void scan_javascript_text(SourceFilePtr file, CodeScan& scan);

} // namespace lint::code
