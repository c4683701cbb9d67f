#pragma once
// Names that say they hold a secret (DB_PASSWORD, apiKey, SlackToken): LL602 for environment
// variables, LL604 for template parameters and Terraform variables.

#include <string>
#include <string_view>
#include <vector>

namespace lint::rules {

/// Words of a name, lower case: DB_PASSWORD, dbPassword, db-password → db, password.
std::vector<std::string> name_words(std::string_view name);

/// A name whose last word(s) say it holds a secret. TOKEN_URL, SECRET_NAME, SECRET_ARN,
/// PASSWORD_PARAMETER, API_KEY_SECRET_ID end with another word and are not secret names.
bool is_secret_name(std::string_view name);

} // namespace lint::rules
