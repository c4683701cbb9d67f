// lint_gen_sdk_data: compiles the AWS SDK service models (the pinned npm `aws-sdk` v2, whose
// apis/*.min.json are the same models every AWS SDK is generated from) into one static table of
// services, their operation names and waiters, for code analysis (analyzer/code/sdk_models.h).
//
// Why a generator: the models are 25 MB of JSON; the linter needs only ~20,000 operation names,
// the client names each SDK uses for a service, and which operation a waiter polls. The output
// is constant-initialized string_views into one string pool (no start-up work).
//
// Usage: lint_gen_sdk_data --apis <aws-sdk/apis> --out <file.cpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string read_file(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot open " + path.string());
  }
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

struct Waiter {
  std::string name;
  std::string operation;
};

struct Service {
  std::string key;             // metadata.json key: the v2 client's lower-case id
  std::string v2_class;        // AWS.<v2_class>
  std::string service_id;      // metadata.serviceId: the v3 package is client-<lower, spaces to '-'>
  std::string endpoint_prefix;
  std::string signing_name;    // the IAM prefix for most services
  std::vector<std::string> operations;
  std::vector<Waiter> waiters;
};

/// A C++ string literal (the names are ASCII identifiers and a few punctuation characters).
std::string literal(const std::string& text)
{
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

} // namespace

int main(int argc, char** argv)
{
  try {
    fs::path apis;
    fs::path out_path;
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string flag = argv[i];
      if (flag == "--apis") {
        apis = argv[i + 1];
      } else if (flag == "--out") {
        out_path = argv[i + 1];
      }
    }
    if (apis.empty() || out_path.empty()) {
      std::cerr << "usage: lint_gen_sdk_data --apis <aws-sdk/apis> --out <file.cpp>\n";
      return 2;
    }
    const json metadata = json::parse(read_file(apis / "metadata.json"));
    // A model file is <prefix>-<YYYY-MM-DD>.min.json; metadata.json names the client of a prefix
    // (its "prefix" when it differs from the key). The newest version of each model is the one
    // the SDK's client loads by default.
    std::map<std::string, std::string> key_of_prefix;
    for (const auto& [key, entry] : metadata.items()) {
      key_of_prefix[entry.value("prefix", key)] = key;
    }
    std::map<std::string, fs::path> newest; // prefix -> model file
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(apis)) {
      files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      const std::string name = file.filename().string();
      const std::string suffix = ".min.json";
      if (name.size() <= suffix.size() + 11 || !name.ends_with(suffix)) {
        continue;
      }
      const std::string stem = name.substr(0, name.size() - suffix.size());
      const std::string prefix = stem.substr(0, stem.size() - 11); // "-YYYY-MM-DD"
      if (key_of_prefix.count(prefix) != 0) {
        newest[prefix] = file; // sorted: later dates replace earlier ones
      }
    }
    std::vector<Service> services;
    for (const auto& [prefix, file] : newest) {
      const json model = json::parse(read_file(file));
      const json& meta = model.at("metadata");
      Service service;
      service.key = key_of_prefix[prefix];
      service.v2_class = metadata.at(service.key).value("name", service.key);
      service.service_id = meta.value("serviceId", service.v2_class);
      service.endpoint_prefix = meta.value("endpointPrefix", "");
      service.signing_name = meta.value("signingName", service.endpoint_prefix);
      for (const auto& [operation, body] : model.at("operations").items()) {
        (void)body;
        service.operations.push_back(operation);
      }
      std::sort(service.operations.begin(), service.operations.end());
      std::string waiters_name = file.filename().string();
      waiters_name.replace(waiters_name.size() - std::string(".min.json").size(), std::string::npos, ".waiters2.json");
      if (fs::exists(file.parent_path() / waiters_name)) {
        const json waiters = json::parse(read_file(file.parent_path() / waiters_name));
        const json all = waiters.value("waiters", json::object());
        for (const auto& [name, waiter] : all.items()) {
          if (waiter.contains("operation")) {
            service.waiters.push_back({name, waiter.at("operation").get<std::string>()});
          }
        }
      }
      services.push_back(std::move(service));
    }
    std::ostringstream out;
    out << "// Generated by lint_gen_sdk_data from the aws-sdk service models. Do not edit.\n"
           "#include \"analyzer/code/sdk_models.h\"\n\n"
           "namespace lint::code {\nnamespace {\n\n";
    // Explicit lengths: a string_view from a bare literal makes the compiler count its characters
    // at compile time, and tens of thousands of them exceed clang's constexpr step limit.
    const auto view = [](const std::string& text) { return "std::string_view(" + literal(text) + ", " + std::to_string(text.size()) + ")"; };
    out << "constexpr std::string_view k_operations[] = {\n";
    std::vector<std::size_t> op_start;
    std::size_t count = 0;
    for (const Service& service : services) {
      op_start.push_back(count);
      for (const std::string& operation : service.operations) {
        out << "  " << view(operation) << ",\n";
        ++count;
      }
    }
    out << "};\n\nconstexpr SdkWaiter k_waiters[] = {\n";
    std::vector<std::size_t> waiter_start;
    std::size_t waiter_count = 0;
    for (const Service& service : services) {
      waiter_start.push_back(waiter_count);
      for (const Waiter& waiter : service.waiters) {
        out << "  {" << view(waiter.name) << ", " << view(waiter.operation) << "},\n";
        ++waiter_count;
      }
    }
    if (waiter_count == 0) {
      out << "  {\"\", \"\"},\n";
    }
    out << "};\n\nconstexpr SdkService k_services[] = {\n";
    for (std::size_t i = 0; i < services.size(); ++i) {
      const Service& s = services[i];
      out << "  {" << view(s.key) << ", " << view(s.v2_class) << ", " << view(s.service_id) << ", " << view(s.endpoint_prefix) << ", "
          << view(s.signing_name) << ", {k_operations + " << op_start[i] << ", "
          << s.operations.size() << "}, {k_waiters + " << waiter_start[i] << ", " << s.waiters.size() << "}},\n";
    }
    out << "};\n\n} // namespace\n\nstd::span<const SdkService> sdk_services() { return k_services; }\n\n"
           "} // namespace lint::code\n";
    const std::string text = out.str();
    // Rewrite only on change, so a re-run of the generator does not recompile the table.
    if (!fs::exists(out_path) || read_file(out_path) != text) {
      fs::create_directories(out_path.parent_path());
      std::ofstream(out_path, std::ios::binary) << text;
    }
    std::cout << "lint_gen_sdk_data: " << services.size() << " services, " << count << " operations, " << waiter_count
              << " waiters\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "lint_gen_sdk_data: " << error.what() << "\n";
    return 1;
  }
}
