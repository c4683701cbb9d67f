#pragma once
// The SAM frontend: what the AWS::Serverless-2016-10-31 transform generates, modelled directly on
// the template the user wrote so every finding points at a line they wrote (docs/sam.md).
//
// The CloudFormation frontend evaluates every resource (SAM ones included) and calls this in two
// steps: add_functions() before anything links to functions, add_generated() once every other
// facet (queues, topics, roles...) exists.

#include "analyzer/cfn/evaluator.h"
#include "analyzer/model.h"
#include "parsers/node.h"

#include <map>
#include <string>
#include <vector>

namespace lint::sam {

struct ConnectorEndpoint; // one end of a connector (expansion.cpp)

class Expansion {
public:
  Expansion(const ParsedDocument& document, Model& model, cfn::Evaluator& evaluator);

  /// Merges Globals into every AWS::Serverless:: resource (Resource::properties becomes the merged
  /// map) and adds the Function facet of each AWS::Serverless::Function, with the names SAM gives
  /// its alias and version (`Fn.Alias`, `Fn.Version`, `FnAlias<name>`).
  void add_functions();

  /// The execution roles and their policies, event triggers and event source mappings, the
  /// implicit ServerlessRestApi / ServerlessHttpApi, provisioned concurrency, function URLs,
  /// asynchronous invocation configs and the Lambda tasks of AWS::Serverless::StateMachine.
  void add_generated();

  /// What AWS::Serverless::Connector resources and Connectors attributes generate: policies on
  /// the execution roles of their functions and invoke permissions. After cfn::populate_iam, so
  /// that roles written in the template exist to attach to.
  void add_connectors();

private:
  void read_globals();
  const Node* raw_resource(std::string_view id) const;
  void add_function(Resource& resource);
  Role& add_function_role(Function& function);
  void add_policies_property(Role& role, const Resource& resource);
  void add_events(Function& function, Role* role);
  void add_event(Function& function, Role* role, const ValueEntry& event);
  void add_mapping(Function& function, Role* role, const ValueEntry& event, std::string_view type, const Value* properties);
  void add_schema_registry_statements(const Value* config, std::vector<const Value*>& statements);
  void add_sqs_subscription(Function& function, Role* role, const ValueEntry& event, const Value* properties);
  void add_function_configs(Function& function, Role* role);
  void add_state_machine(const Resource& resource);
  void add_definition_body_triggers(const Resource& api);
  void add_websocket_routes(const Resource& api);
  void add_connector(std::string id, const Resource& owner, const ConnectorEndpoint& source, const Value* properties, SourceRange at);

  Resource& generated_resource(std::string id, std::string type, const Resource& owner, SourceRange id_range, SourceRange range);
  const Resource& implicit_api(bool http, const Resource& owner, SourceRange at);
  Role& generated_role(const Resource& resource, SourceRange at, const Value* trust_policy);
  Policy& add_policy(Role& role, PolicyOrigin origin, std::string name, const Resource& resource, SourceRange at);
  void add_managed_policy(Role& role, const Resource& resource, std::string_view path, SourceRange at);
  void add_inline_policy(Role& role, PolicyOrigin origin, std::string name, const Resource& resource, SourceRange at,
                         std::vector<const Value*> statements);

  // Values SAM generates, located at the user's text that causes them.
  const Value* text(std::string text, SourceRange at);
  const Value* list(std::vector<const Value*> items, SourceRange at);
  const Value* statement(std::vector<std::string> actions, const Value* resource, SourceRange at);
  const Value* document(std::vector<const Value*> statements, SourceRange at);
  std::vector<const Value*> s3_destination_statements(const Value* bucket_arn, SourceRange at);
  const Value* service_trust_policy(std::string_view service, SourceRange at);

  const ParsedDocument& m_document;
  Model& m_model;
  cfn::Evaluator& m_evaluator;
  NodeArena m_nodes; // policy template expansions
  std::map<std::string, const Value*, std::less<>> m_globals; // resource type → its Globals section (marked inherited)
  std::vector<Function*> m_functions;                          // the AWS::Serverless::Function facets
  const Resource* m_rest_api = nullptr;                        // implicit ServerlessRestApi, once needed
  const Resource* m_http_api = nullptr;                        // implicit ServerlessHttpApi, once needed
};

} // namespace lint::sam
