#pragma once
// Terraform module directories: every .tf file of one directory parsed (tree-sitter HCL) and its
// top-level blocks indexed by kind (resource, data, variable, locals, output, module), plus the
// terraform.tfvars / *.auto.tfvars values that apply when the directory is the root module.
// Loading never throws: unreadable files and syntax errors are recorded for LL001.

#include "parsers/hcl/hcl.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lint::terraform {

/// A top-level block of a module.
struct Block {
  const hcl::Document* document = nullptr;
  hcl::Node node;
  std::string kind;        // resource, data, variable, output, module, locals
  std::string type;        // resource and data: "aws_lambda_function"
  std::string name;        // resource/data name, variable/output/module name
  SourceRange type_range;  // the type label (resource/data), else the name label
  SourceRange name_range;

  hcl::Node body() const { return node.child("body"); }
  /// The value expression of a body attribute, or a null node.
  hcl::Node attribute(std::string_view attribute_name) const;
  hcl::Node attribute_node(std::string_view attribute_name) const;
};

/// An attribute somewhere in a module (a local, a tfvars value).
struct Attribute {
  const hcl::Document* document = nullptr;
  hcl::Node node;   // the attribute
  hcl::Node value;  // its expression
};

struct FileProblem {
  SourceFilePtr file;
  SourceRange range;
  std::string message;
  std::string_view rule_id = "LL001"; // a literal: LL002 for a key written twice in a .tf.json object
  std::optional<SourceRange> first; // where a duplicate key was first written
};

struct ModuleSource {
  std::filesystem::path directory;
  std::vector<std::unique_ptr<hcl::Document>> documents;       // *.tf, sorted by name
  std::vector<std::unique_ptr<hcl::Document>> tfvars_documents; // terraform.tfvars, then *.auto.tfvars
  std::vector<Block> resources;                               // resource blocks, in file order
  std::vector<Block> data;                                    // data blocks
  std::map<std::string, Block, std::less<>> variables;
  std::map<std::string, Block, std::less<>> outputs;
  std::map<std::string, Block, std::less<>> module_calls;
  std::map<std::string, Attribute, std::less<>> locals;
  std::map<std::string, Attribute, std::less<>> tfvars;       // later files override earlier ones
  std::vector<FileProblem> problems;                          // syntax errors, unreadable files
  std::vector<std::string> json_files;                        // *.tf.json (read by the frontend)
  /// lambdalint's own model of a registry module that is not downloaded (lambda_module.h): its
  /// file is not on disk, so what it declares is placed at the module call.
  bool builtin = false;

  const Block* find_resource(std::string_view type, std::string_view name) const;
  const Block* find_data(std::string_view type, std::string_view name) const;
};

/// True when the directory holds at least one .tf or .tf.json file.
bool is_module_directory(const std::filesystem::path& directory);
/// True when a file name is a Terraform configuration file (.tf, .tf.json).
bool is_terraform_file(std::string_view name);

/// Loads and indexes one directory. tfvars files are read only when `root` is true (Terraform
/// reads them for the root module only).
std::unique_ptr<ModuleSource> load_module(const std::filesystem::path& directory, bool root);

/// While alive, files whose path (as the module walk forms it: directory / name) is a key are read
/// from `buffers` instead of the disk, on this thread only: an editor's unsaved buffers.
class BufferOverlay {
public:
  explicit BufferOverlay(const std::map<std::string, std::string, std::less<>>& buffers);
  ~BufferOverlay();
  BufferOverlay(const BufferOverlay&) = delete;
  BufferOverlay& operator=(const BufferOverlay&) = delete;

private:
  const std::map<std::string, std::string, std::less<>>* m_previous;
};

/// Parses one text as a module of a single file (tests, the LSP's unsaved buffers).
std::unique_ptr<ModuleSource> load_module_text(const std::string& path, std::string text);

} // namespace lint::terraform
