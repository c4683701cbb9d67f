#include "analyzer/invoke.h"
#include "analyzer/trigger_caller.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace lint::invoke {
namespace {

bool on_assumed_condition(const Value* choice, const Assumption* assumption)
{
  return assumption != nullptr && choice->kind == ValueKind::choice && !choice->condition.empty() &&
         choice->condition == assumption->condition && choice->items.size() == 2;
}

/// The branch of a choice on the assumed condition that the assumption takes.
const Value* chosen_branch(const Value* choice, const Assumption& assumption)
{
  return choice->items[assumption.value ? 0 : 1];
}

/// possible_values, with choices on the assumed condition reduced to their chosen branch.
void collect_branches(const Value* value, const Assumption* assumption, std::vector<const Value*>& out, int depth)
{
  if (value == nullptr || value->kind == ValueKind::absent || depth > 32) {
    return;
  }
  if (value->kind != ValueKind::choice) {
    out.push_back(value);
    return;
  }
  if (on_assumed_condition(value, assumption)) {
    collect_branches(chosen_branch(value, *assumption), assumption, out, depth + 1);
    return;
  }
  for (const Value* branch : value->items) {
    collect_branches(branch, assumption, out, depth + 1);
  }
}

std::vector<const Value*> branches_under(const Value* value, const Assumption* assumption)
{
  std::vector<const Value*> out;
  collect_branches(value, assumption, out, 0);
  return out;
}

/// is_set under an assumption: a choice on the assumed condition is set when its chosen branch is.
bool is_set_under(const Value* value, const Assumption* assumption, int depth = 0)
{
  if (!is_set(value) || depth > 32) {
    return is_set(value);
  }
  return on_assumed_condition(value, assumption) ? is_set_under(chosen_branch(value, *assumption), assumption, depth + 1) : true;
}

/// Whether some deployment of the assumption leaves the value out (an AWS::NoValue branch).
bool may_be_absent_under(const Value* value, const Assumption* assumption, int depth = 0)
{
  if (!is_set(value)) {
    return true;
  }
  if (value->kind != ValueKind::choice || depth > 32) {
    return false;
  }
  if (on_assumed_condition(value, assumption)) {
    return may_be_absent_under(chosen_branch(value, *assumption), assumption, depth + 1);
  }
  return std::any_of(value->items.begin(), value->items.end(),
                     [&](const Value* branch) { return may_be_absent_under(branch, assumption, depth + 1); });
}

/// Folds the branches of a value: every branch yes → yes, every branch no → no, else maybe.
/// No branch at all (nothing written) is `maybe`.
template <typename F>
Match over_branches(const Value* value, const Assumption* assumption, F&& branch_match)
{
  const std::vector<const Value*> branches = branches_under(value, assumption);
  if (branches.empty()) {
    return Match::maybe;
  }
  bool all_yes = true;
  bool all_no = true;
  for (const Value* branch : branches) {
    const Match match = branch_match(branch);
    all_yes = all_yes && match == Match::yes;
    all_no = all_no && match == Match::no;
  }
  return all_yes ? Match::yes : all_no ? Match::no : Match::maybe;
}

std::string lowercase(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_unknown_piece(const std::vector<Piece>& pieces)
{
  return std::any_of(pieces.begin(), pieces.end(), [](const Piece& piece) { return piece.any; });
}

/// Resources whose ARN is what a service presents as the source of an invocation. A SourceArn
/// built from one of them (other than the trigger's own source) names a different source. (SES
/// rule sets are not listed: a receipt rule's ARN contains its rule set's name.)
bool is_event_source_type(std::string_view type)
{
  static constexpr std::string_view k_types[] = {
    "AWS::S3::Bucket",          "AWS::SNS::Topic",         "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api",
    "AWS::Events::Rule",        "AWS::Logs::LogGroup",     "AWS::Cognito::UserPool",   "AWS::IoT::TopicRule",
    "AWS::SES::ReceiptRule",    "AWS::SQS::Queue",         "AWS::Kinesis::Stream",     "AWS::DynamoDB::Table",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
  };
  return std::find(std::begin(k_types), std::end(k_types), type) != std::end(k_types);
}

} // namespace

std::string_view service_principal(TriggerKind kind)
{
  // The principals the services invoke with, as the AWS guides write them in their add-permission
  // examples:
  // - S3 s3.amazonaws.com, SNS sns.amazonaws.com, API Gateway apigateway.amazonaws.com,
  //   EventBridge events.amazonaws.com: https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
  // - CloudWatch Logs logs.amazonaws.com (older guides write logs.<region>.amazonaws.com, which
  //   principal_matches accepts as a maybe):
  //   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
  // - Cognito user pools cognito-idp.amazonaws.com:
  //   https://repost.aws/knowledge-center/cognito-lambda-trigger-errors
  // - IoT rules iot.amazonaws.com: https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html
  // - ALB target groups elasticloadbalancing.amazonaws.com:
  //   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
  // - SES receipt rules ses.amazonaws.com: https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html
  // AppSync and Step Functions call Lambda with their own IAM role: no resource policy is needed.
  switch (kind) {
  case TriggerKind::s3: return "s3.amazonaws.com";
  case TriggerKind::sns: return "sns.amazonaws.com";
  case TriggerKind::api_rest:
  case TriggerKind::api_http: return "apigateway.amazonaws.com";
  case TriggerKind::events: return "events.amazonaws.com";
  case TriggerKind::logs: return "logs.amazonaws.com";
  case TriggerKind::cognito: return "cognito-idp.amazonaws.com";
  case TriggerKind::iot: return "iot.amazonaws.com";
  case TriggerKind::alb: return "elasticloadbalancing.amazonaws.com";
  case TriggerKind::ses: return "ses.amazonaws.com";
  case TriggerKind::appsync:
  case TriggerKind::step_functions: return {};
  }
  return {};
}

bool requests_event_invocation(const Value* header)
{
  const auto text = as_string(header);
  return text && (*text == "'Event'" || *text == "Event");
}

std::string_view kind_slug(TriggerKind kind)
{
  switch (kind) {
  case TriggerKind::s3: return "s3";
  case TriggerKind::sns: return "sns";
  case TriggerKind::api_rest: return "api-rest";
  case TriggerKind::api_http: return "api-http";
  case TriggerKind::events: return "events";
  case TriggerKind::logs: return "logs";
  case TriggerKind::cognito: return "cognito";
  case TriggerKind::iot: return "iot";
  case TriggerKind::alb: return "alb";
  case TriggerKind::ses: return "ses";
  case TriggerKind::appsync: return "appsync";
  case TriggerKind::step_functions: return "step-functions";
  }
  return "trigger";
}

std::vector<Piece> pieces_of(const Value* value)
{
  std::vector<Piece> pieces;
  if (const auto text = as_string(value); text && value->kind != ValueKind::boolean) {
    pieces.push_back({std::string(*text), false});
    return pieces;
  }
  if (value == nullptr || value->kind != ValueKind::text_template) {
    return pieces;
  }
  for (const TemplatePart& part : value->parts) {
    if (part.is_reference) {
      pieces.push_back({{}, true});
    } else if (!part.literal.empty()) {
      pieces.push_back({part.literal, false});
    }
  }
  if (pieces.empty()) {
    pieces.push_back({{}, false}); // an empty string
  }
  return pieces;
}

Match glob_match(const std::vector<Piece>& pattern, const std::vector<Piece>& subject)
{
  // Tokens: a character, or one of these markers.
  constexpr int k_star = -1;
  constexpr int k_one = -2;
  constexpr int k_any = -3;
  std::vector<int> pat;
  for (const Piece& piece : pattern) {
    if (piece.any) {
      pat.push_back(k_star); // a reference in the pattern may be any text
      continue;
    }
    for (const char c : piece.literal) {
      pat.push_back(c == '*' ? k_star : c == '?' ? k_one : static_cast<unsigned char>(c));
    }
  }
  std::vector<int> sub;
  for (const Piece& piece : subject) {
    if (piece.any) {
      sub.push_back(k_any);
      continue;
    }
    for (const char c : piece.literal) {
      sub.push_back(static_cast<unsigned char>(c));
    }
  }
  const std::size_t np = pat.size();
  const std::size_t ns = sub.size();
  if ((np + 1) * (ns + 1) > 4'000'000) {
    return Match::maybe;
  }
  // can[i][j]: pattern[i:] can match subject[j:] for some text of the unknown pieces.
  // from[i][j]: can[k][j] for some k >= i (an unknown subject piece absorbs pattern[i:k]).
  std::vector<char> can((np + 1) * (ns + 1), 0);
  std::vector<char> from((np + 2) * (ns + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> char& { return can[i * (ns + 1) + j]; };
  auto any_from = [&](std::size_t i, std::size_t j) -> char& { return from[i * (ns + 1) + j]; };
  for (std::size_t jj = ns + 1; jj-- > 0;) {
    for (std::size_t ii = np + 1; ii-- > 0;) {
      bool result = false;
      if (jj < ns && sub[jj] == k_any) {
        result = any_from(ii, jj + 1) != 0;
      } else if (ii == np) {
        result = jj == ns;
      } else if (pat[ii] == k_star) {
        result = at(ii + 1, jj) != 0 || (jj < ns && at(ii, jj + 1) != 0);
      } else if (jj == ns) {
        result = false;
      } else if (pat[ii] == k_one) {
        result = at(ii + 1, jj + 1) != 0;
      } else {
        result = pat[ii] == sub[jj] && at(ii + 1, jj + 1) != 0;
      }
      at(ii, jj) = result ? 1 : 0;
      any_from(ii, jj) = static_cast<char>(result || any_from(ii + 1, jj) != 0);
    }
  }
  if (at(0, 0) == 0) {
    return Match::no;
  }
  return has_unknown_piece(pattern) || has_unknown_piece(subject) ? Match::maybe : Match::yes;
}

Match principal_matches(const Value* principal, std::string_view service, const Assumption* assumption)
{
  if (service.empty()) {
    return Match::yes;
  }
  const std::string_view base = service.substr(0, service.find('.'));
  return over_branches(principal, assumption, [&](const Value* branch) {
    const std::vector<Piece> pieces = pieces_of(branch);
    if (pieces.empty()) {
      return Match::maybe;
    }
    if (pieces.size() == 1 && !pieces[0].any && pieces[0].literal == "*") {
      return Match::yes; // everyone, the service included (LL202 reports it)
    }
    const Match exact = glob_match({{std::string(service), false}}, pieces);
    if (exact != Match::no) {
      return exact;
    }
    // Regional and China forms (logs.us-east-1.amazonaws.com, s3.amazonaws.com.cn): possibly the
    // service's principal, never proof of a wrong one.
    const Match variant = glob_match({{std::string(base) + ".*amazonaws.com*", false}}, pieces);
    return variant == Match::no ? Match::no : Match::maybe;
  });
}

Match action_allows_invoke(const Value* action, const Assumption* assumption)
{
  return over_branches(action, assumption, [](const Value* branch) {
    const auto text = as_string(branch);
    if (!text) {
      return Match::maybe;
    }
    // Action names are case-insensitive.
    return glob_match({{lowercase(*text), false}}, {{"lambda:invokefunction", false}});
  });
}

Match permission_targets(const Model& model, const Permission& permission, const Function& function, const Assumption* assumption)
{
  if (permission.function != nullptr) {
    return permission.function == &function ? Match::yes : Match::no;
  }
  return over_branches(permission.function_name, assumption, [&](const Value* branch) {
    if (const Function* named = model.function_for(branch)) {
      return named == &function ? Match::yes : Match::no;
    }
    if (const Reference* reference = single_reference(branch); reference && reference->target == Reference::Target::resource) {
      return Match::maybe; // a resource we do not model (a nested stack output, a custom resource)
    }
    const std::optional<std::string> name = name_text(branch);
    if (!name || name->find("${") != std::string::npos) {
      return Match::maybe;
    }
    // A literal name or ARN that names none of the declared functions: it is another function,
    // unless this one's name is computed.
    if (!is_set(function.function_name)) {
      return Match::no; // CloudFormation generates "<stack>-<id>-<random>": no literal can name it
    }
    const std::optional<std::string> declared = name_text(function.function_name);
    return declared && declared->find("${") == std::string::npos ? Match::no : Match::maybe;
  });
}

Match source_arn_matches(const Model& model, const Permission& permission, const Trigger& trigger, const Assumption* assumption)
{
  if (!is_set_under(permission.source_arn, assumption)) {
    return Match::yes;
  }
  const Resource& identity = source_identity(trigger);
  const Match written = over_branches(permission.source_arn, assumption, [&](const Value* branch) {
    std::vector<const Reference*> references;
    collect_references(branch, references);
    bool names_another_source = false;
    for (const Reference* reference : references) {
      if (reference->target != Reference::Target::resource) {
        continue;
      }
      if (reference->name == identity.id || reference->name == trigger.source->id) {
        return Match::yes;
      }
      const Resource* named = model.find_resource(reference->name);
      names_another_source = names_another_source || (named != nullptr && (named->type == identity.type || is_event_source_type(named->type)));
    }
    if (names_another_source) {
      return Match::no; // the ARN of another bucket, topic, API, rule...
    }
    const std::vector<Piece> pattern = pieces_of(branch);
    const std::vector<Piece> subject = pieces_of(trigger.source_arn);
    if (pattern.empty() || subject.empty()) {
      return Match::maybe;
    }
    return glob_match(pattern, subject);
  });
  // A deployment that leaves SourceArn out (`!If [C, ..., !Ref AWS::NoValue]`) admits every source.
  if (written == Match::no && may_be_absent_under(permission.source_arn, assumption)) {
    return Match::maybe;
  }
  return written;
}

std::string caller_kind(const Trigger& trigger)
{
  if (trigger.source != nullptr && trigger.source->type == "AWS::Scheduler::Schedule") {
    return "EventBridge Scheduler schedule";
  }
  return std::string(to_string(trigger.kind));
}

const Resource& source_identity(const Trigger& trigger)
{
  return trigger.source_resource != nullptr ? *trigger.source_resource : *trigger.source;
}

bool covered_by_generated_permission(const Model& model, const Trigger& trigger)
{
  const Resource& source = source_identity(trigger);
  return std::any_of(model.triggers.begin(), model.triggers.end(), [&](const Trigger& other) {
    return &other != &trigger && other.permission_auto_created && other.function == trigger.function &&
           other.kind == trigger.kind && &source_identity(other) == &source;
  });
}

Authorization authorize(const Model& model, const Trigger& trigger)
{
  Authorization result;
  if (trigger.function == nullptr) {
    return result;
  }
  // Would this permission serve another trigger of the same function?
  auto grants_other_trigger = [&](const Permission& permission) {
    for (const Trigger& other : model.triggers) {
      if (&other == &trigger || other.function != trigger.function || other.principal.empty()) {
        continue;
      }
      if (principal_matches(permission.principal, other.principal) != Match::no &&
          source_arn_matches(model, permission, other) != Match::no) {
        return true;
      }
    }
    return false;
  };
  // Is this permission's SourceArn another trigger's source (then it was meant for that one)?
  auto names_other_trigger_source = [&](const Permission& permission) {
    for (const Trigger& other : model.triggers) {
      if (&other != &trigger && other.function == trigger.function && !other.principal.empty() &&
          source_arn_matches(model, permission, other) == Match::yes) {
        return true;
      }
    }
    return false;
  };
  for (const Permission& permission : model.permissions) {
    const Match targets = permission_targets(model, permission, *trigger.function);
    if (targets == Match::no || action_allows_invoke(permission.action) == Match::no) {
      continue;
    }
    const Match principal = principal_matches(permission.principal, trigger.principal);
    const Match source = source_arn_matches(model, permission, trigger);
    if (principal != Match::no && source != Match::no) {
      result.granting.push_back(&permission);
      if (targets == Match::yes) {
        result.granting_this_function.push_back(&permission);
      }
      continue;
    }
    if (targets != Match::yes || grants_other_trigger(permission)) {
      continue;
    }
    if (principal == Match::no && source == Match::yes && is_set(permission.source_arn)) {
      result.near_misses.push_back({&permission, NearMiss::Reason::wrong_principal});
    } else if (principal != Match::no && source == Match::no && !names_other_trigger_source(permission)) {
      result.near_misses.push_back({&permission, NearMiss::Reason::other_source});
    }
  }
  return result;
}

std::vector<const Permission*> granting_under(const Model& model, const Trigger& trigger, const Assumption& assumption)
{
  std::vector<const Permission*> granting;
  if (trigger.function == nullptr) {
    return granting;
  }
  for (const Permission& permission : model.permissions) {
    if (!assumption.value && permission.resource->condition == assumption.condition) {
      continue; // `Condition: C` with C false: the permission is not created
    }
    if (permission_targets(model, permission, *trigger.function, &assumption) != Match::no &&
        action_allows_invoke(permission.action, &assumption) != Match::no &&
        principal_matches(permission.principal, trigger.principal, &assumption) != Match::no &&
        source_arn_matches(model, permission, trigger, &assumption) != Match::no) {
      granting.push_back(&permission);
    }
  }
  return granting;
}

namespace {

void collect_choice_conditions(const Value* value, std::vector<std::string>& out, int depth)
{
  if (value == nullptr || depth > 32) {
    return;
  }
  if (value->kind == ValueKind::choice && !value->condition.empty()) {
    out.push_back(value->condition);
  }
  for (const Value* item : value->items) {
    collect_choice_conditions(item, out, depth + 1);
  }
  for (const ValueEntry& entry : value->entries) {
    collect_choice_conditions(entry.value, out, depth + 1);
  }
}

/// Whether the text at `offset` is outside every choice under `value`, or inside choices on the
/// assumed condition only, in their chosen branch.
bool written_in_chosen_branches(const Value* value, std::uint32_t offset, const Assumption& assumption, int depth)
{
  if (value == nullptr || depth > 64) {
    return true;
  }
  if (value->kind == ValueKind::choice) {
    if (!value->range.contains(offset)) {
      return true; // its branches are written inside it
    }
    if (!on_assumed_condition(value, &assumption)) {
      return false; // decided by another condition
    }
    const Value* other = value->items[assumption.value ? 1 : 0];
    if (other != nullptr && other->range.contains(offset)) {
      return false;
    }
    return written_in_chosen_branches(chosen_branch(value, assumption), offset, assumption, depth + 1);
  }
  for (const Value* item : value->items) {
    if (!written_in_chosen_branches(item, offset, assumption, depth + 1)) {
      return false;
    }
  }
  for (const ValueEntry& entry : value->entries) {
    if (!written_in_chosen_branches(entry.value, offset, assumption, depth + 1)) {
      return false;
    }
  }
  return true;
}

} // namespace

std::vector<std::string> deciding_conditions(const Model& model, const Permission& permission)
{
  std::vector<std::string> conditions;
  // A Terraform resource's "condition" stands for an unknown count or for_each, not a condition
  // that could be set to one value.
  if (model.format != SourceFormat::terraform && !permission.resource->condition.empty()) {
    conditions.push_back(permission.resource->condition);
  }
  for (const Value* field : {permission.function_name, permission.action, permission.principal, permission.source_arn}) {
    collect_choice_conditions(field, conditions, 0);
  }
  std::sort(conditions.begin(), conditions.end());
  conditions.erase(std::unique(conditions.begin(), conditions.end()), conditions.end());
  return conditions;
}

bool trigger_exists_under(const Trigger& trigger, const Assumption& assumption)
{
  auto exists = [&](const Resource* resource) {
    return resource == nullptr || resource->condition.empty() || (resource->condition == assumption.condition && assumption.value);
  };
  if (trigger.source == nullptr || !exists(trigger.source) || !exists(trigger.source_resource) ||
      !exists(trigger.function != nullptr ? trigger.function->resource : nullptr)) {
    return false;
  }
  const Resource& source = *trigger.source;
  if (trigger.wiring.file != source.file ||
      !written_in_chosen_branches(source.properties, trigger.wiring.range.begin, assumption, 0)) {
    return false;
  }
  // An SNS subscription whose TopicArn is an Fn::If has one trigger per topic: the topic's branch.
  const Value* arn = trigger.source_arn;
  return arn == nullptr || (arn->file != nullptr && arn->file != source.file) ||
         written_in_chosen_branches(source.properties, arn->range.begin, assumption, 0);
}

bool depends_on(const Model& model, const Resource& from, const Resource& to)
{
  std::vector<const Resource*> pending{&from};
  std::set<const Resource*> seen{&from};
  std::vector<const Reference*> references;
  while (!pending.empty()) {
    const Resource* current = pending.back();
    pending.pop_back();
    std::vector<std::string_view> names;
    for (const auto& [name, range] : current->depends_on) {
      names.push_back(name);
    }
    references.clear();
    collect_references(current->properties, references);
    for (const Reference* reference : references) {
      if (reference->target == Reference::Target::resource) {
        names.push_back(reference->name);
      }
    }
    for (std::string_view name : names) {
      if (name == to.id) {
        return true;
      }
      const Resource* next = model.find_resource(name);
      if (next != nullptr && seen.insert(next).second) {
        pending.push_back(next);
      }
    }
  }
  return false;
}

} // namespace lint::invoke
