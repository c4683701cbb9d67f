#pragma once
// What a service presents when it invokes a function for a CloudFormation trigger: its principal,
// the resource it acts for and that resource's ARN (aws:SourceArn), for matching against the
// function's permissions (analyzer/invoke.h).

#include "analyzer/model.h"

#include <vector>

namespace lint::cfn {

/// Fills trigger.principal, trigger.source_resource and trigger.source_arn from trigger.kind and
/// the CloudFormation resource that holds the wiring (trigger.source).
void describe_trigger_source(Model& model, Trigger& trigger);

/// A Lambda integration written in an OpenAPI / Swagger body (`x-amazon-apigateway-integration`
/// of type `aws_proxy` or `aws` under `paths.<path>.<method>`).
struct OpenApiIntegration {
  const Value* uri = nullptr;                // the function's invocation URI (or ARN for HTTP APIs)
  const Value* timeout_millis = nullptr;     // timeoutInMillis
  const Value* invocation_type = nullptr;    // requestParameters' integration.request.header.X-Amz-Invocation-Type
};

/// The Lambda integrations of an OpenAPI body: AWS::ApiGateway::RestApi / AWS::ApiGatewayV2::Api
/// `Body`, the `DefinitionBody` of AWS::Serverless::Api / HttpApi. Both branches of an Fn::If.
std::vector<OpenApiIntegration> openapi_lambda_integrations(const Value* body);

} // namespace lint::cfn
