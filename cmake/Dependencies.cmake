# Every dependency is a Debian package (tools/setup.sh installs them) or pinned npm sources under
# node_modules/ (npm ci). Nothing is downloaded at configure or build time.
find_package(Threads REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)

set(LINT_NODE_MODULES "${PROJECT_SOURCE_DIR}/node_modules" CACHE PATH "npm ci output with the pinned data sets")
if(NOT EXISTS "${LINT_NODE_MODULES}/@aws-cdk/aws-service-spec/db.json.gz")
  message(FATAL_ERROR "Pinned data sets are missing in ${LINT_NODE_MODULES}: run tools/setup.sh (or `make build`)")
endif()
