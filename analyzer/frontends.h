#pragma once
// The front ends, in one list. A front end turns one kind of input (a CloudFormation/SAM template,
// a Terraform module directory, a `terraform show -json` plan or state, an AWS CLI export) into a
// Model; everything after it (rules, configuration, suppressions, baseline, report) is the same
// for every front end and every command (analyzer/driver.h, docs/architecture.md).
//
// detect_frontend() asks each front end in list order and the first that claims an input and
// builds a model for it wins: a front end that claims an input but builds no model (text that
// looked like a plan but is not one) passes it on to the next. Adding a front end = one entry in
// the list in frontends.cpp (docs/architecture.md, "Adding a front end").

#include "analyzer/model.h"
#include "analyzer/source_map.h"
#include "parsers/node.h"

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lint {

/// Buffers that replace files on disk (an editor's unsaved text), path → text.
using BufferMap = std::map<std::string, std::string, std::less<>>;

/// One input as the front ends see it: a file's text (already UTF-8) or a directory.
class FrontendInput {
public:
  /// A file: `file` holds its text.
  explicit FrontendInput(SourceFilePtr file, bool explicitly_named);
  /// A directory (a Terraform module); `buffers` may be nullptr.
  FrontendInput(std::string directory, bool explicitly_named, const BufferMap* buffers);

  const std::string& path() const { return m_path; }
  /// The file, nullptr for a directory.
  const SourceFilePtr& file() const { return m_file; }
  std::string_view text() const;
  bool is_directory() const { return m_file == nullptr; }
  /// Named on the command line (or opened in an editor): analysed even when it does not look
  /// like anything of ours, so a syntax error is reported instead of the file being skipped.
  bool explicitly_named() const { return m_explicitly_named; }
  const BufferMap* buffers() const { return m_buffers; }

  /// The file parsed as YAML/JSON, on first use; every front end that asks shares one parse.
  /// Only for files.
  ParsedDocument& document() const;
  /// Moves the parse out (a builder that keeps it); a later document() parses again.
  ParsedDocument take_document() const;

private:
  std::string m_path;
  SourceFilePtr m_file;
  bool m_explicitly_named = false;
  const BufferMap* m_buffers = nullptr;
  mutable std::unique_ptr<ParsedDocument> m_document;
};

/// What a front end built, with what the later stages must know about it.
struct BuiltUnit {
  std::unique_ptr<Model> model; // nullptr: the front end passes the input on
  /// Rules this kind of input has no facts for (an account export has no log groups): not run.
  std::vector<std::string_view> rules_without_facts;
  /// False for a record of what is deployed (an export): findings carry no fixes to apply.
  bool editable = true;
  /// Names, creation lines and framework-written parts of a generated document (a CDK stack
  /// template), applied to every finding (analyzer/source_map.h); nullptr for documents people write.
  std::shared_ptr<const SourceMap> source_map;
};

enum class Claim : std::uint8_t {
  no,        // not this front end's input
  yes,       // this front end analyses it
  elsewhere, // this front end's input, but analysed as part of another unit (a plan beside its .tf files)
};

struct Frontend {
  std::string_view name;  // stable id: "terraform-module", "terraform-plan", "aws-cli-export", "cloudformation"
  std::string_view title; // for people: "Terraform", "CloudFormation/SAM template", ...
  Claim (*detect)(const FrontendInput& input) = nullptr;
  /// May throw on a front end bug; the driver reports it as an internal error of the unit.
  BuiltUnit (*build)(const FrontendInput& input) = nullptr;
};

/// Every front end, in the order they are asked.
std::span<const Frontend> frontends();

/// The front end with that name, or nullptr.
const Frontend* find_frontend(std::string_view name);

/// Cheap text test before parsing during directory walks: a template names AWS resource types or
/// its format version, an export one of its keys. Files with none of them are not parsed at all.
bool may_be_analysed(std::string_view text);

/// Whether a file name belongs to a Terraform module (its unit is the directory).
bool is_terraform_file(std::string_view path);

} // namespace lint
