#pragma once
// Who may invoke a function: the function's resource policy (Permission facets) matched against
// the services wired to invoke it (Trigger facets). Format-neutral: it reads facets only, so the
// CloudFormation, SAM and Terraform frontends share it. The LL2xx rules and the graph use it.
//
// Every match is three-valued. A value that cannot be evaluated (a parameter without a default, an
// import, a computed string) is `maybe`, and `maybe` never makes a rule fire.

#include "analyzer/model.h"

#include <string>
#include <string_view>
#include <vector>

namespace lint::invoke {

enum class Match : std::uint8_t { no, maybe, yes };

/// The deployments in which one condition has one value: a CloudFormation condition name (the
/// `Condition` of a resource, the first argument of `Fn::If`) or a Terraform conditional's
/// expression text. Choices on that condition take the chosen branch; choices on any other
/// condition keep both (they may go either way), so one assumption never combines conditions that
/// might be related (`IsProd` and `IsNotProd`).
struct Assumption {
  std::string condition;
  bool value = true;
};

/// The service principal a trigger kind needs in the function's resource policy, or empty when the
/// service invokes with an IAM role (AppSync, Step Functions).
std::string_view service_principal(TriggerKind kind);

/// Whether an API Gateway integration's X-Amz-Invocation-Type request header (a mapping
/// expression, 'Event' quoted) asks Lambda for an asynchronous invocation.
bool requests_event_invocation(const Value* header);

/// A short stable name for a trigger kind ("s3", "api-rest"): fingerprints, graph node ids.
std::string_view kind_slug(TriggerKind kind);

/// One piece of a string whose parts may be unknown: literal text, or "any text" (a reference).
struct Piece {
  std::string literal;
  bool any = false;
};
/// The pieces of a string or template value; empty when the value is not a string or a template.
std::vector<Piece> pieces_of(const Value* value);

/// Whether an ArnLike/StringLike pattern (`*`, `?`; references in the pattern match anything) can
/// match a subject whose `any` pieces may be any text: `yes` when both are fully known and match,
/// `no` when no values of the unknown pieces could make them match, `maybe` otherwise.
Match glob_match(const std::vector<Piece>& pattern, const std::vector<Piece>& subject);

/// Whether a written Principal allows the service a trigger needs (`*` allows every principal).
/// With an assumption, choices on its condition take the chosen branch.
Match principal_matches(const Value* principal, std::string_view service_principal, const Assumption* assumption = nullptr);
/// Whether a permission's Action covers lambda:InvokeFunction (`lambda:*` does).
Match action_allows_invoke(const Value* action, const Assumption* assumption = nullptr);
/// Whether a permission is attached to a function (through names, ARNs, aliases and versions).
Match permission_targets(const Model& model, const Permission& permission, const Function& function,
                         const Assumption* assumption = nullptr);
/// Whether a permission's SourceArn admits the trigger's source (no SourceArn admits every source).
Match source_arn_matches(const Model& model, const Permission& permission, const Trigger& trigger,
                         const Assumption* assumption = nullptr);

/// A permission of the trigger's function that looks meant for this trigger but cannot match it.
struct NearMiss {
  enum class Reason : std::uint8_t { wrong_principal, other_source };
  const Permission* permission = nullptr;
  Reason reason = Reason::other_source;
};

struct Authorization {
  /// Permissions that allow (or may allow) the service to invoke the function for this trigger.
  std::vector<const Permission*> granting;
  /// Of those, the ones certainly attached to this function.
  std::vector<const Permission*> granting_this_function;
  /// Permissions of this function that cannot match the trigger although they name its source or
  /// its service, and grant no other trigger of the function.
  std::vector<NearMiss> near_misses;
};

/// How the function's resource policy answers a trigger. Only meaningful for triggers with a
/// service principal and a resolved function.
Authorization authorize(const Model& model, const Trigger& trigger);

/// The permissions that allow (or may allow) the service to invoke the function for this trigger in
/// the deployments of `assumption`: a permission whose resource `Condition` is the assumed one
/// set to false does not exist there.
std::vector<const Permission*> granting_under(const Model& model, const Trigger& trigger, const Assumption& assumption);

/// The conditions that decide what a permission allows: its resource `Condition` and the
/// conditions of the choices in its FunctionName, Action, Principal and SourceArn (unnamed
/// conditions, and Terraform's unknown count / for_each, are left out: they cannot be fixed to a
/// value).
std::vector<std::string> deciding_conditions(const Model& model, const Permission& permission);

/// Whether the trigger certainly exists in the deployments of `assumption`: its wiring resource,
/// source and function have no `Condition` but the assumed one (set to true), and its wiring and
/// source ARN are written outside every choice but those on the assumed condition, in the chosen
/// branch. False when that depends on any other condition.
bool trigger_exists_under(const Trigger& trigger, const Assumption& assumption);

/// Whether `from` depends on `to` (DependsOn or a reference in its properties, transitively), so
/// CloudFormation creates `to` first.
bool depends_on(const Model& model, const Resource& from, const Resource& to);

/// The identity of a trigger's source for grouping and fingerprints: its source resource, or the
/// resource holding the wiring.
const Resource& source_identity(const Trigger& trigger);

/// True when a SAM event of the same function, kind and source creates the permission this
/// trigger needs (a template wiring a bucket's notification by hand next to the function's S3
/// event, as half-transformed SAM templates do): the permission exists once deployed.
bool covered_by_generated_permission(const Model& model, const Trigger& trigger);

} // namespace lint::invoke
