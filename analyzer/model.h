#pragma once
// The format-neutral Model: what every frontend (CloudFormation now; SAM, Terraform and audit
// inputs later) produces and what every rule reads. Rules never look at raw YAML/JSON/HCL.
//
// - Resources: every declared resource with its type and evaluated properties (for rules about
//   the template itself: LL003 references, LL004 properties).
// - Facets: typed views (Function, EventSourceMapping, Queue, Trigger, ...) whose fields are
//   symbolic Values with ranges, and whose links (mapping → function, trigger → function) are
//   already resolved. A field that is nullptr was not written; `default_range` says where a
//   default applies.

#include "analyzer/value.h"
#include "support/finding.h"

#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace lint {

enum class SourceFormat : std::uint8_t { cloudformation, sam, terraform };

struct Resource {
  std::string id;            // logical id / Terraform address
  std::string type;          // "AWS::Lambda::Function" (Terraform types are mapped to these names)
  SourceFilePtr file;
  SourceRange id_range;      // the logical id key
  SourceRange type_range;    // the Type value
  SourceRange range;         // the whole resource
  const Value* properties = nullptr; // map (nullptr when the resource has no Properties)
  SourceRange properties_key_range;
  std::string condition;     // CloudFormation Condition, or empty
  std::vector<std::pair<std::string, SourceRange>> depends_on;

  const Value* property(std::string_view name) const { return properties ? properties->get(name) : nullptr; }
  Location location(SourceRange where) const { return {file, where}; }
  /// Where a value is written: its own file when it has one (a Terraform local or variable in
  /// another file of the module), else this resource's file. The logical id for nullptr.
  Location location(const Value* value) const
  {
    return value ? Location{value->file ? value->file : file, value->range} : at_id();
  }
  /// A range inside a value (a map key's range): the value's file, else this resource's.
  Location location(const Value* owner, SourceRange where) const { return {owner && owner->file ? owner->file : file, where}; }
  /// Where to point when a property is missing: the resource's logical id.
  Location at_id() const { return {file, id_range}; }
};

struct Function {
  const Resource* resource = nullptr;
  const Value* function_name = nullptr;
  const Value* runtime = nullptr;
  const Value* handler = nullptr;
  const Value* package_type = nullptr;
  const Value* timeout = nullptr;             // default 3 s
  const Value* memory_size = nullptr;         // default 128 MB
  const Value* ephemeral_storage = nullptr;   // EphemeralStorage.Size, default 512 MB
  const Value* role = nullptr;
  const Value* vpc_subnet_ids = nullptr;
  const Value* vpc_security_group_ids = nullptr;
  const Value* vpc_config = nullptr;          // the VpcConfig map itself
  const Value* environment_variables = nullptr; // map
  const Value* kms_key_arn = nullptr;
  const Value* reserved_concurrency = nullptr;
  const Value* layers = nullptr;              // list
  const Value* tracing_mode = nullptr;        // TracingConfig.Mode
  const Value* dead_letter_target = nullptr;  // DeadLetterConfig.TargetArn
  const Value* logging_log_group = nullptr;   // LoggingConfig.LogGroup (custom log group; default /aws/lambda/<name>)
  const struct Role* execution_role = nullptr; // resolved from `role`, or SAM's generated role
  const Value* environment = nullptr;         // the Environment map ({Variables: ...}), possibly a choice
  const Value* tracing_config = nullptr;      // the TracingConfig map ({Mode: ...}), possibly a choice

  static constexpr std::int64_t k_default_timeout = 3;
  static constexpr std::int64_t k_default_memory = 128;
  /// The effective timeout when it is known: the written value, or the default when unwritten.
  std::optional<std::int64_t> timeout_seconds() const;
};

enum class SourceKind : std::uint8_t { unknown, sqs, kinesis, dynamodb_stream, kafka, mq, documentdb };

struct Queue {
  const Resource* resource = nullptr;
  const Value* visibility_timeout = nullptr; // default 30 s
  const Value* fifo = nullptr;
  const Value* redrive_policy = nullptr;
  const Value* kms_master_key_id = nullptr;
  const Value* sqs_managed_sse = nullptr;
  static constexpr std::int64_t k_default_visibility_timeout = 30;
  std::optional<std::int64_t> visibility_timeout_seconds() const;
};

struct Topic {
  const Resource* resource = nullptr;
  const Value* kms_master_key_id = nullptr;
};

struct EventSourceMapping {
  const Resource* resource = nullptr;
  const Value* function_name = nullptr;
  const Value* event_source_arn = nullptr;
  const Value* batch_size = nullptr;
  const Value* starting_position = nullptr;
  const Value* maximum_batching_window = nullptr;
  const Value* maximum_retry_attempts = nullptr;
  const Value* maximum_record_age = nullptr;
  const Value* bisect_on_error = nullptr;
  const Value* on_failure_destination = nullptr;
  const Value* maximum_concurrency = nullptr;   // ScalingConfig.MaximumConcurrency
  SourceKind source_kind = SourceKind::unknown;
  const Function* function = nullptr;           // resolved target, or nullptr
  const Queue* queue = nullptr;                 // resolved SQS source
  const Resource* source = nullptr;             // resolved source resource (queue, stream, table)
};

enum class TriggerKind : std::uint8_t {
  s3, sns, api_rest, api_http, events, logs, cognito, iot, alb, ses, appsync, step_functions
};
std::string_view to_string(TriggerKind kind);
/// Services that invoke asynchronously (a failure destination or DLQ catches failed events).
bool is_asynchronous(TriggerKind kind);

struct Trigger {
  TriggerKind kind = TriggerKind::api_rest;
  const Resource* source = nullptr;    // the resource that holds the wiring (integration, rule, bucket)
  const Function* function = nullptr;  // resolved target
  Location wiring;                     // where the wiring is written (Uri, Targets[i].Arn, ...)
  const Value* timeout_millis = nullptr; // API Gateway TimeoutInMillis when written
  bool permission_auto_created = false;  // SAM events create their permission
};

struct Permission {
  const Resource* resource = nullptr;
  const Value* action = nullptr;
  const Value* function_name = nullptr;
  const Value* principal = nullptr;
  const Value* source_arn = nullptr;
  const Value* source_account = nullptr;
  const Value* principal_org_id = nullptr;
  const Function* function = nullptr;
};

struct FunctionUrl {
  const Resource* resource = nullptr;
  const Value* auth_type = nullptr;
  const Value* cors = nullptr;
  const Function* function = nullptr;
};

struct LogGroup {
  const Resource* resource = nullptr;
  const Value* name = nullptr;
  const Value* retention_days = nullptr;
  const Function* function = nullptr; // the function whose /aws/lambda/<name> group this is
};

/// Provisioned concurrency on a version or alias.
struct ProvisionedConcurrency {
  const Resource* resource = nullptr;
  const Value* amount = nullptr;     // ProvisionedConcurrentExecutions
  const Function* function = nullptr;
};

struct EventInvokeConfig {
  const Resource* resource = nullptr;
  const Value* on_failure = nullptr;  // DestinationConfig.OnFailure.Destination
  const Value* on_success = nullptr;
  const Function* function = nullptr;
};

/// A Step Functions task that invokes a function.
struct StateMachineTask {
  const Resource* state_machine = nullptr;
  std::string state_name;
  Location location;                  // the state's Resource / FunctionName
  std::optional<std::int64_t> timeout_seconds; // TimeoutSeconds of the state, when written
  const Function* function = nullptr;
};

/// One IAM policy statement. Fields are the written values (nullptr when absent); Action, Resource
/// and the like may be a string or a list. The IAM engine (analyzer/iam/) interprets them.
struct Statement {
  const Value* value = nullptr;         // the statement map itself (its range is the statement)
  const Value* sid = nullptr;
  const Value* effect = nullptr;
  const Value* action = nullptr;
  const Value* not_action = nullptr;
  const Value* resource = nullptr;
  const Value* not_resource = nullptr;
  const Value* principal = nullptr;
  const Value* not_principal = nullptr;
  const Value* condition = nullptr;
  /// The statement only exists in some deployments (an Fn::If / Terraform conditional branch, or
  /// a dynamic block): it may be absent, so it cannot prove a permission is granted.
  bool conditional = false;
};

/// Reads the Statement list of a policy document (a list, a single map, or Fn::If branches).
std::vector<Statement> policy_statements(const Value* document);

enum class PolicyOrigin : std::uint8_t {
  inline_policy,     // a role's Policies entry / aws_iam_role inline_policy
  policy_resource,   // AWS::IAM::Policy / aws_iam_role_policy naming the role
  customer_managed,  // AWS::IAM::ManagedPolicy / aws_iam_policy, attached
  aws_managed,       // arn:aws:iam::aws:policy/...; statements come from the compiled data set
  sam_template,      // a SAM policy template (DynamoDBCrudPolicy, ...) expanded with its parameters
  sam_generated,     // a policy SAM adds by itself (events, VpcConfig, Tracing, DLQ)
  unknown,           // a policy whose document cannot be seen (imported ARN, parameter)
};
std::string_view to_string(PolicyOrigin origin);

/// An identity policy in effect on a role.
struct Policy {
  PolicyOrigin origin = PolicyOrigin::inline_policy;
  std::string name;                  // PolicyName, managed policy name, SAM template name
  const Value* arn = nullptr;        // managed policy ARN as written (aws_managed, customer_managed, unknown)
  const Resource* resource = nullptr; // the resource that declares it (role, policy resource, SAM function)
  Location location;                 // where the policy is written or attached (findings on the policy as a whole)
  const Value* document = nullptr;   // the PolicyDocument; nullptr for aws_managed and unknown
  std::vector<Statement> statements; // policy_statements(document) for written documents
};

/// An IAM role (declared, or generated by SAM for a function).
struct Role {
  std::string id;                        // logical id / Terraform address; "<Function>Role" for SAM
  const Resource* resource = nullptr;    // AWS::IAM::Role, aws_iam_role, or the SAM function that generates it
  bool generated = false;                // generated by SAM: no template text of its own
  Location location;                     // the role's logical id, or the SAM function's Policies/Role line
  const Value* trust_policy = nullptr;   // AssumeRolePolicyDocument / assume_role_policy
  std::vector<Statement> trust_statements;
  std::vector<const Policy*> policies;   // identity policies in effect
  const Value* permissions_boundary = nullptr;
  std::vector<const Function*> functions; // functions whose execution role this is
};

/// A problem found while building the model (parse errors, unresolved references...).
struct ModelProblem {
  std::string_view rule_id; // LL001, LL002, LL003
  Location location;
  std::string message;
  std::vector<RelatedLocation> related;
  std::string fingerprint;
};

class Model {
public:
  SourceFormat format = SourceFormat::cloudformation;
  SourceFilePtr file;                  // the main file of the unit

  std::deque<Resource> resources;
  std::deque<Function> functions;
  std::deque<Queue> queues;
  std::deque<Topic> topics;
  std::deque<EventSourceMapping> event_source_mappings;
  std::deque<Trigger> triggers;
  std::deque<Permission> permissions;
  std::deque<FunctionUrl> function_urls;
  std::deque<LogGroup> log_groups;
  std::deque<ProvisionedConcurrency> provisioned_concurrency;
  std::deque<EventInvokeConfig> event_invoke_configs;
  std::deque<StateMachineTask> state_machine_tasks;
  std::deque<Policy> policies;
  std::deque<Role> roles;
  std::vector<ModelProblem> problems;

  ValueArena values;

  const Resource* find_resource(std::string_view id) const;
  const Function* find_function(std::string_view id) const;
  const Queue* find_queue(std::string_view id) const;
  const Topic* find_topic(std::string_view id) const;
  const Role* find_role(std::string_view id) const;
  /// The function a value designates: Ref/GetAtt of a function (or of its version/alias), a
  /// template whose only reference is one, or a literal name/ARN matching a FunctionName.
  const Function* function_for(const Value* value) const;
  /// The resource a value designates by Ref/GetAtt (or its only template reference).
  const Resource* resource_for(const Value* value) const;

  /// Rebuilds the id indexes behind find_*; frontends call it after adding resources and facets
  /// (lookups stay correct without it, only linear).
  void index();

  /// Alias/Version logical id → the function it belongs to (filled by frontends).
  std::map<std::string, const Function*, std::less<>> function_aliases;

private:
  // Large templates (thousands of resources) resolve every reference through these.
  std::unordered_map<std::string_view, const Resource*> m_resource_index;
  std::unordered_map<std::string_view, const Function*> m_function_index;
  std::unordered_map<std::string_view, const Queue*> m_queue_index;
};

} // namespace lint
