#pragma once
// Code analysis of a function: where its code is (FunctionCode from the front ends), the SDK calls
// the handler makes (calls.h), the IAM actions they need (iam_mapping.h) and the resource each
// acts on when an environment variable the template binds to a resource names it.
//
// Code that is not on disk (an S3 object, an image, a missing directory) is "not analysed" with a
// reason, never guessed. Results depend only on the model and the files read.

#include "analyzer/code/calls.h"
#include "analyzer/code/iam_mapping.h"
#include "analyzer/iam/arn.h"
#include "analyzer/model.h"

#include <string>
#include <vector>

namespace lint::code {

/// What one call needs from the execution role.
struct CallNeed {
  const SdkCall* call = nullptr;
  ActionMapping mapping;
  /// The resource the actions are checked on: the bound resource's ARN, or one unknown piece
  /// (any resource) when the code does not say which.
  iam::SymbolicText resource;
  std::string resource_label;            // "table 'Orders'", "any resource"
  const Resource* bound = nullptr;       // the resource an environment variable names
  std::string env_name;                  // that variable
  Location binding;                      // its entry in the template's Environment
  /// The Resource element for a generated policy, as JSON (CloudFormation intrinsics, or a
  /// Terraform interpolation); "*" when any.
  std::string policy_resource_json;
  bool object_level = false;             // S3 object actions: the bucket ARN + "/*"
};

struct FunctionAnalysis {
  enum class Status : std::uint8_t { analysed, not_analysed };
  Status status = Status::not_analysed;
  std::string reason;       // why not analysed ("code is in S3", "handler file app.py not found in src/")
  Language language = Language::python;
  CodeScan scan;
  std::vector<CallNeed> needs;  // one per resolved call that maps to IAM actions
  std::size_t unmapped = 0;     // resolved calls without a known IAM action

  /// Every SDK call resolved and mapped: what the code needs is fully known.
  bool complete() const
  {
    return status == Status::analysed && scan.unresolved.empty() && scan.opaque_libraries.empty() && unmapped == 0;
  }
};

FunctionAnalysis analyse_function(const Model& model, const Function& function);

/// What the function's configuration (not its code) needs from the execution role: the needs the
/// LL3xx rules check (logs, tracing, VPC, event sources, dead-letter target, destinations, KMS).
struct WiringNeed {
  std::vector<std::string> actions;
  std::string why;                    // "writes its logs", "reads queue 'Jobs' (mapping 'Map')"
  std::string policy_resource_json;   // "\"*\"" or an intrinsic naming the resource
};
/// `complete` is false when the configuration needs something not listed here (a Kafka, MQ or
/// DocumentDB event source), so that an unused-grant check must not trust the list.
std::vector<WiringNeed> wiring_needs(const Model& model, const Function& function, bool& complete);

/// A CloudFormation JSON rendering of a reference value for a policy's Resource (`{"Fn::GetAtt":
/// ["Q", "Arn"]}`, `{"Ref": "T"}`, a Terraform `"${aws_sqs_queue.q.arn}"`), or "\"*\"".
std::string policy_resource_json(const Model& model, const Value* value);

/// Whether the role of the function may get grants the model does not hold: SAM Connectors (a
/// connector resource, or a function's embedded Connectors) generate policies that are not
/// modelled. Checks of the code against the role stay quiet then.
bool has_unmodelled_grants(const Model& model, const Function& function);

/// The directory a function's code path is relative to (the template's directory).
std::filesystem::path code_base_directory(const Function& function);

} // namespace lint::code
