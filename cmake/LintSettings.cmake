# lint_settings / lint_warnings: INTERFACE targets linked PRIVATE by our own code only, never by
# third-party or generated code (the ccache/cmake_template pattern).
option(LINT_WERROR "Treat warnings as errors (on in the dev and asan presets, off in release: a user's newer compiler may warn)" OFF)
option(LINT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(LINT_BUILD_BENCH "Build the benchmarks in bench/" ON)
option(LINT_FUZZ "Build the libFuzzer targets in fuzz/ (clang only; every library gets fuzzer-no-link + ASan + UBSan)" OFF)
option(LINT_CCACHE "Compile through ccache when it is installed (several worktrees share one cache)" ON)

if(LINT_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(LINT_CCACHE_PROGRAM ccache)
  if(LINT_CCACHE_PROGRAM)
    set(CMAKE_C_COMPILER_LAUNCHER ${LINT_CCACHE_PROGRAM})
    set(CMAKE_CXX_COMPILER_LAUNCHER ${LINT_CCACHE_PROGRAM})
  endif()
endif()

add_library(lint_settings INTERFACE)
target_compile_features(lint_settings INTERFACE cxx_std_20)
target_include_directories(lint_settings INTERFACE ${PROJECT_SOURCE_DIR})
# The build `make test` and CI run the whole suite on (preset asan, docs/robustness.md). Every
# finding aborts the process (no recovery), so a test cannot pass while a sanitizer complains.
# UBSan's null, alignment, object-size and vptr checks are left out: at -O1 they double the compile
# time (report_test.cpp: 20 s with ASan alone, 39 s with all of UBSan, 24 s without these four),
# which is what kept a sanitizer run of the suite out of CI, and they add little here: ASan reports
# a null dereference as a SEGV with its stack and checks every access against the object's bounds,
# and x86-64 has no alignment faults. _GLIBCXX_ASSERTIONS checks operator[], front(), back() and
# friends on the standard containers, which ASan cannot see inside a vector's capacity.
if(LINT_SANITIZE)
  target_compile_options(lint_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize=null,alignment,object-size,vptr -fno-sanitize-recover=all
    -fno-omit-frame-pointer -D_GLIBCXX_ASSERTIONS)
  target_link_options(lint_settings INTERFACE -fsanitize=address,undefined)
endif()

if(LINT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LINT_FUZZ needs clang (libFuzzer): cmake -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  # UBSan findings abort, so the fuzzer records them as crashes instead of printing and going on.
  target_compile_options(lint_settings INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(lint_settings INTERFACE -fsanitize=address,undefined)
endif()

add_library(lint_warnings INTERFACE)
target_compile_options(lint_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  # GCC 12 warns on omitted members in designated initializers, which rule metadata relies on.
  -Wno-missing-field-initializers
  # GCC 12 at -O2 reports std::optional members as maybe-uninitialized (GCC bug 105562 and kin).
  # Clang (the fuzz build) has no such warning and would warn about the unknown option.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
if(LINT_WERROR)
  target_compile_options(lint_warnings INTERFACE -Werror)
endif()
