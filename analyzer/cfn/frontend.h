#pragma once
// CloudFormation (and, until the SAM issue lands, the CloudFormation part of SAM templates):
// a parsed template → Model with resources, facets and reference problems.

#include "analyzer/model.h"
#include "parsers/node.h"

#include <memory>

namespace lint::cfn {

/// True when a parsed document is a CloudFormation or SAM template (AWSTemplateFormatVersion, a
/// SAM Transform, or a Resources mapping whose entries have AWS:: types).
bool is_template(const Node* root);

/// Fills a Function facet from AWS::Lambda::Function-shaped properties (SAM functions share
/// them, then override what SAM spells differently).
void read_function_properties(Function& function, const Value* properties);

/// Batching, retry, failure-destination and scaling settings of an event source mapping. An
/// AWS::Lambda::EventSourceMapping, a SAM pull event and the Lambda API's mapping (audit) spell
/// them alike.
void read_mapping_settings(EventSourceMapping& mapping, const Value* properties);

/// Fills a Permission facet from AWS::Lambda::Permission-shaped properties (audit exports turn a
/// resource policy statement into the same shape).
void read_permission_properties(Permission& permission, const Value* properties);

/// Builds the model of one template. Syntax problems of the document become LL001/LL002 model
/// problems; unresolved references LL003.
std::unique_ptr<Model> build_model(const ParsedDocument& document);

} // namespace lint::cfn
