// LL602 secret-in-environment: environment variables are part of the function's configuration:
// anyone who can read the template, the stack or lambda:GetFunctionConfiguration sees them. AWS
// recommends Secrets Manager (or a dynamic reference resolved at deploy time) for secrets.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-secrets
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html

#include "analyzer/model.h"
#include "analyzer/rule.h"
#include "rules/common/rule_helpers.h"
#include "rules/common/secret_names.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <array>
#include <cctype>
#include <memory>

namespace lint::rules::kms {
namespace {

struct KeyPattern {
  std::string_view what;
  std::unique_ptr<RE2> pattern;
};

/// Credentials whose shape alone identifies them (compiled once).
const std::vector<KeyPattern>& key_patterns()
{
  static const std::vector<KeyPattern> patterns = [] {
    std::vector<KeyPattern> out;
    auto add = [&](std::string_view what, const char* regex) { out.push_back({what, std::make_unique<RE2>(regex)}); };
    add("an AWS access key id", R"(\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)");
    add("a GitHub token", R"(\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36}\b)");
    add("a GitHub token", R"(\bgithub_pat_[A-Za-z0-9_]{22,})");
    add("a Slack token", R"(\bxox[abprs]-[A-Za-z0-9-]{10,})");
    add("a private key", R"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)");
    add("a JSON Web Token", R"(\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)");
    add("a Stripe live key", R"(\b(?:sk|rk)_live_[0-9A-Za-z]{24,})");
    add("a Google API key", R"(\bAIza[0-9A-Za-z_-]{35})");
    return out;
  }();
  return patterns;
}

bool contains_folded(std::string_view text, std::string_view needle)
{
  if (needle.size() > text.size()) {
    return false;
  }
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < needle.size() && match; ++j) {
      match = std::tolower(static_cast<unsigned char>(text[i + j])) == needle[j];
    }
    if (match) {
      return true;
    }
  }
  return false;
}

bool equals_folded(std::string_view text, std::string_view word)
{
  return text.size() == word.size() && contains_folded(text, word);
}

/// A literal under a name that says it holds a secret (DB_PASSWORD, API_TOKEN) is the secret
/// itself, passphrases like "correct-horse-battery-staple" included, unless it is a name, ARN,
/// path, URL or placeholder. Placeholders ("changeme", "<your-token>", "REPLACE_ME", "xxxxxxxx"),
/// settings words ("disabled") and values shorter than 8 characters stay silent: they are not
/// credentials that leak anything.
bool looks_like_secret_value(std::string_view text)
{
  if (text.size() < 8) {
    return false;
  }
  for (std::string_view prefix : {"arn:", "http://", "https://", "/", "$", "<", "%", "{{"}) {
    if (text.starts_with(prefix)) {
      return false;
    }
  }
  // Placeholders.
  for (std::string_view word : {"changeme", "change_me", "change-me", "replace", "placeholder", "example", "your", "dummy", "todo",
                                "xxxx", "redacted", "resolve:"}) {
    if (contains_folded(text, word)) {
      return false;
    }
  }
  for (std::string_view word : {"disabled", "enabled", "undefined", "required", "optional", "not-used", "not_used", "notused", "unused",
                                "development", "production", "localhost"}) {
    if (equals_folded(text, word)) {
      return false;
    }
  }
  bool names_a_secret = false;
  for (std::string_view word : {"secret", "password", "token", "key", "param", "ssm"}) {
    names_a_secret = names_a_secret || contains_folded(text, word);
  }
  bool symbol = false;
  for (const char raw : text) {
    const unsigned char c = static_cast<unsigned char>(raw);
    if (std::isspace(c)) {
      return false; // a sentence ("set in the console"), not a credential
    }
    if (!std::isalnum(c) && std::string_view("-_./:").find(raw) == std::string_view::npos) {
      symbol = true;
    }
  }
  // "prod-db-password", "my_api_token_2", "DB_PASSWORD_PARAM": words naming a secret (or another
  // variable), not its value. A symbol makes it a value again ("p@ssword-2024!").
  return !(names_a_secret && !symbol);
}

/// The first characters of a secret, never the whole of it.
std::string mask(std::string_view secret)
{
  std::string out;
  for (std::size_t i = 0; i < secret.size() && out.size() < 4; ++i) {
    const unsigned char c = static_cast<unsigned char>(secret[i]);
    if (c >= 0x80 || std::iscntrl(c)) {
      break;
    }
    out.push_back(secret[i]);
  }
  return out + "\u2026";
}

/// The kind of credential a literal text contains, and the matched text.
std::optional<std::pair<std::string_view, std::string_view>> key_shaped(std::string_view text)
{
  for (const KeyPattern& entry : key_patterns()) {
    re2::StringPiece input(text.data(), text.size());
    re2::StringPiece match;
    if (entry.pattern->Match(input, 0, input.size(), RE2::UNANCHORED, &match, 1)) {
      const std::string_view found(match.data(), match.size());
      if (found.find("EXAMPLE") != std::string_view::npos) {
        continue; // AWS's documentation keys (AKIAIOSFODNN7EXAMPLE) are not credentials
      }
      return std::make_pair(entry.what, found);
    }
  }
  return std::nullopt;
}

/// Names the configuration declares secret (options.secret-name-patterns), fully matched.
bool matches_extra_pattern(std::string_view name, const std::vector<std::unique_ptr<RE2>>& patterns)
{
  const re2::StringPiece input(name.data(), name.size());
  return std::any_of(patterns.begin(), patterns.end(), [&](const auto& pattern) { return RE2::FullMatch(input, *pattern); });
}

void check_value(const Resource& resource, const ValueEntry& variable, const Value* value, RuleContext& context,
                 const std::vector<std::unique_ptr<RE2>>& extra_patterns)
{
  // Parameters (with or without defaults), references and dynamic references are fine.
  if (!value->via_parameter.empty()) {
    return;
  }
  const std::string fingerprint = resource.id + "/Environment/" + variable.key;
  if (value->kind == ValueKind::text_template) {
    // A literal piece of a Sub/Join can still hold a key.
    for (const TemplatePart& part : value->parts) {
      if (part.is_reference || part.literal.find("{{resolve:") != std::string::npos) {
        continue;
      }
      if (const auto found = key_shaped(part.literal)) {
        context.report(resource.location(value),
                       fmt::format("Environment variable '{}' of function '{}' holds what looks like {} ('{}') in clear text",
                                   variable.key, resource.id, found->first, mask(found->second)),
                       fingerprint);
        return;
      }
    }
    return;
  }
  if (value->kind != ValueKind::string) {
    return;
  }
  const std::string_view text = value->text;
  if (text.find("{{resolve:") != std::string_view::npos) {
    return;
  }
  if (const auto found = key_shaped(text)) {
    context.report(resource.location(value),
                   fmt::format("Environment variable '{}' of function '{}' holds what looks like {} ('{}') in clear text", variable.key,
                               resource.id, found->first, mask(found->second)),
                   fingerprint);
    return;
  }
  if ((is_secret_name(variable.key) || matches_extra_pattern(variable.key, extra_patterns)) && looks_like_secret_value(text)) {
    context.report(resource.location(value),
                   fmt::format("Environment variable '{}' of function '{}' holds a literal secret ('{}') in clear text", variable.key,
                               resource.id, mask(text)),
                   fingerprint);
  }
}

void check(const Model& model, RuleContext& context)
{
  // Compiled once per template; the configuration validated them (invalid ones never get here).
  std::vector<std::unique_ptr<RE2>> extra_patterns;
  for (const std::string& pattern : context.options().secret_name_patterns) {
    auto compiled = std::make_unique<RE2>(pattern, RE2::Quiet);
    if (compiled->ok()) {
      extra_patterns.push_back(std::move(compiled));
    }
  }
  for (const Function& function : model.functions) {
    const Resource& resource = *function.resource;
    for (const Value* environment : possible_values(function.environment)) {
      for (const Value* variables : possible_values(Function::variables_of(environment))) {
        if (variables->kind != ValueKind::map) {
          continue;
        }
        for (const ValueEntry& variable : variables->entries) {
          for (const Value* value : possible_values(variable.value)) {
            check_value(resource, variable, value, context, extra_patterns);
          }
        }
      }
    }
  }
}

} // namespace

const Rule& secret_in_environment()
{
  static const Rule rule{
    .meta = {.id = "LL602",
             .name = "secret-in-environment",
             .family = "kms",
             .level = Level::error,
             .summary = "An environment variable holds a literal secret",
             .explanation = R"md(## What it does
Reports an environment variable whose value is written in the template and is a secret:
- a value shaped like a credential, whatever the variable is called: AWS access key ids
  (`AKIA…`, `ASIA…`), GitHub tokens (`ghp_…`, `gho_…`, `ghs_…`, `github_pat_…`), Slack tokens
  (`xoxb-…`), private key blocks (`-----BEGIN … PRIVATE KEY-----`), JSON Web Tokens, Stripe live
  keys (`sk_live_…`), Google API keys (`AIza…`); also inside the literal text of `Fn::Sub`/`Fn::Join`;
- a literal under a name ending in PASSWORD, PASSWD, PWD, PASS, PASSPHRASE, SECRET, TOKEN,
  API_KEY/APIKEY, PRIVATE_KEY, SECRET_KEY or ACCESS_KEY: such a literal is the secret itself,
  passphrases such as `correct-horse-battery-staple` included, when it has at least 8 characters
  and no spaces.

Never reported: values from parameters (with or without a default), references, dynamic
references (`{{resolve:secretsmanager:…}}`, `{{resolve:ssm-secure:…}}`), ARNs, URLs, paths, empty
strings and booleans; names that end in another word (`TOKEN_URL`, `SECRET_NAME`, `SECRET_ARN`,
`PASSWORD_PARAMETER`, `API_KEY_SECRET_ID`); placeholders (`changeme`, `REPLACE_ME`, `<your-token>`,
values under 8 characters, settings words such as `disabled`) and values that name a secret rather
than hold it (`prod-db-password`, `DB_PASSWORD_PARAM`: words with secret, password, token, key,
param or ssm, and no symbol).
AWS's documentation example keys (`…EXAMPLE`) are not reported. The message shows only the first
four characters of the secret.

## Why is this bad?
The secret is stored in source control, in the CloudFormation template and stack, and in the
function's configuration, where anyone with `lambda:GetFunctionConfiguration` or
`cloudformation:GetTemplate` reads it. It cannot be rotated without a deployment.

## Example
```yaml
    Environment:
      Variables:
        DB_PASSWORD: S3cr3tPassw0rd!
```
Resolve it at deploy time from Secrets Manager, or better, read it at run time:
```yaml
    Environment:
      Variables:
        DB_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
        DB_SECRET_ARN: !Ref DatabaseSecret
```
)md",
             .help_uri = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
             .security_severity = 8.0,
             .precision = "high",
             .tags = "security,secrets"},
    .check = check,
  };
  return rule;
}

} // namespace lint::rules::kms
