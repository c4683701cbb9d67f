#pragma once
// Step Functions definitions: the Lambda tasks a state machine runs, with their TimeoutSeconds.

#include "analyzer/model.h"

#include <vector>

namespace lint::cfn {

/// Tasks of an AWS::StepFunctions::StateMachine that invoke a function of this template, from
/// Definition (with DefinitionSubstitutions) or DefinitionString (a JSON string or an Fn::Sub).
std::vector<StateMachineTask> extract_lambda_tasks(Model& model, const Resource& state_machine);

/// Tasks of a definition that is already a map (Terraform's jsonencode / heredoc JSON).
std::vector<StateMachineTask> extract_lambda_tasks_from(Model& model, const Resource& state_machine, const Value* definition);

} // namespace lint::cfn
