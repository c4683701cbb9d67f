#pragma once
// How findings name what invokes a function (defined in analyzer/invoke.cpp).

#include "analyzer/model.h"

#include <string>

namespace lint::invoke {

/// The trigger kind's name ("EventBridge rule", "S3 bucket notification", ...), except for an
/// EventBridge Scheduler schedule (AWS::Scheduler::Schedule, SAM's ScheduleV2), which shares the
/// EventBridge kind with rules (both invoke asynchronously) but is not a rule.
std::string caller_kind(const Trigger& trigger);

} // namespace lint::invoke
