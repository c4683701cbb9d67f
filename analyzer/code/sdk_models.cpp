#include "analyzer/code/sdk_models.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace lint::code {
namespace {

/// Lower case without '_' and '-': the form in which the SDKs' spellings of one name agree.
std::string folded(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '_' && c != '-' && c != ' ') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

/// serviceId in lower case with '-' for spaces: the v3 package suffix and botocore's newer names.
std::string hyphenated(std::string_view service_id)
{
  std::string out;
  for (char c : service_id) {
    out += c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

} // namespace

const SdkService* service_for_boto3(std::string_view name)
{
  const std::string wanted = folded(name);
  for (const SdkService& service : sdk_services()) {
    if (service.key == wanted) {
      return &service;
    }
  }
  // Several models share an endpoint prefix (events: CloudWatchEvents and its successor
  // EventBridge, which botocore's `events` is): the one with the most operations wins.
  const SdkService* by_prefix = nullptr;
  for (const SdkService& service : sdk_services()) {
    if (service.endpoint_prefix == name && (by_prefix == nullptr || service.operations.size() > by_prefix->operations.size())) {
      by_prefix = &service;
    }
  }
  if (by_prefix != nullptr) {
    return by_prefix;
  }
  for (const SdkService& service : sdk_services()) {
    if (hyphenated(service.service_id) == name) {
      return &service;
    }
  }
  return nullptr;
}

const SdkService* service_for_v3_package(std::string_view package)
{
  constexpr std::string_view prefix = "@aws-sdk/client-";
  if (!package.starts_with(prefix)) {
    return nullptr;
  }
  const std::string_view name = package.substr(prefix.size());
  for (const SdkService& service : sdk_services()) {
    if (hyphenated(service.service_id) == name) {
      return &service;
    }
  }
  return nullptr;
}

const SdkService* service_for_v2_class(std::string_view name)
{
  for (const SdkService& service : sdk_services()) {
    if (service.v2_class == name) {
      return &service;
    }
  }
  return nullptr;
}

const SdkService* service_for_v2_id(std::string_view id)
{
  for (const SdkService& service : sdk_services()) {
    if (service.key == id) {
      return &service;
    }
  }
  return nullptr;
}

std::optional<std::string_view> find_operation(const SdkService& service, std::string_view method)
{
  const std::string wanted = folded(method);
  for (std::string_view operation : service.operations) {
    if (operation.size() >= wanted.size() && folded(operation) == wanted) {
      return operation;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> waiter_operation(const SdkService& service, std::string_view waiter)
{
  const std::string wanted = folded(waiter);
  for (const SdkWaiter& item : service.waiters) {
    if (folded(item.name) == wanted) {
      return item.operation;
    }
  }
  return std::nullopt;
}

} // namespace lint::code
