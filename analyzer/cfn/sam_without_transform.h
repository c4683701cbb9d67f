#pragma once
// LL007's detection: a template written in AWS SAM syntax (AWS::Serverless::* resources or a
// Globals section) that does not declare the AWS::Serverless-2016-10-31 transform.

#include "analyzer/model.h"
#include "parsers/node.h"

namespace lint::cfn {

/// When `root` uses SAM syntax without the SAM transform, records an LL007 problem in `model` (at the
/// first AWS::Serverless::* resource's Type, else at Globals) and returns true: the frontend then
/// still models the template as SAM, so every other finding appears too.
bool note_sam_without_transform(const Node& root, const SourceFilePtr& file, Model& model);

} // namespace lint::cfn
