# Baton: the two commands (`make run`, `make test`) and their helpers.
# Each target installs what is missing first, so a fresh Debian 12 machine needs nothing else.
.PHONY: deps build build-asan run test test-release test-asan bench screenshots clean format format-check ai-scores
.PHONY: build-fuzz fuzz fuzz-smoke

LISTEN ?= 127.0.0.1:8080
DATA ?= ./data
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 20

deps:
	@scripts/install-deps.sh

build/build.ninja:
	cmake --preset release

build-asan/build.ninja:
	cmake --preset asan

build: deps build/build.ninja
	cmake --build --preset release

build-asan: deps build-asan/build.ninja
	cmake --build --preset asan

build-fuzz/build.ninja:
	cmake --preset fuzz

# The libFuzzer harnesses (tests/fuzz, clang), and only the parsers they need.
build-fuzz: deps build-fuzz/build.ninja
	cmake --build --preset fuzz

# Each harness for FUZZ_SECONDS on its corpus in build-fuzz/fuzz/; a crash fails and keeps its input.
fuzz: build-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run_fuzzers.sh long build-fuzz

# Each harness for FUZZ_SMOKE_SECONDS on the stored corpus (part of make test).
fuzz-smoke: build-fuzz
	FUZZ_SMOKE_SECONDS=$(FUZZ_SMOKE_SECONDS) ctest --preset fuzz

run: build
	build/baton serve --listen $(LISTEN) --data $(DATA) --demo

test: format-check build build-asan fuzz-smoke ai-scores
	ctest --preset release
	ctest --preset asan

# The built-in AI's figures (tuned, nested cross-validated, held-out) and the handoff detector's,
# with every miss of the sets it was tuned on; fails below the floors and targets the tests hold
# (ctest runs the same tests again, quietly).
ai-scores: build
	build/tests/baton_unit_tests --gtest_brief=1 --gtest_filter='BuiltinAiModel.MeetsTheTargets*:HandoffDetector.Scores*'

# C++ with clang-format (.clang-format), the front ends and browser tests with Prettier.
CXX_SOURCES = git ls-files '*.cpp' '*.hpp'
WEB_SOURCES = 'web/**/*.{ts,tsx,mjs,css}' 'tests/browser/**/*.mjs' 'tests/robustness/**/*.mjs'

format: deps
	$(CXX_SOURCES) | xargs clang-format -i
	npx prettier --log-level warn --write $(WEB_SOURCES)

format-check: deps
	@$(CXX_SOURCES) | xargs clang-format --dry-run --Werror || (echo "C++ not formatted: run make format" && exit 1)
	@npx prettier --log-level warn --check $(WEB_SOURCES) || (echo "web/ not formatted: run make format" && exit 1)

bench: build
	cmake --build --preset release --target baton-bench
	build/baton-bench
	build/baton-bench postgres

# The browser suite, keeping its screenshots of the main screens in docs/screenshots/.
screenshots: build
	BATON_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots ctest --preset release -R browser

clean:
	rm -rf build build-asan build-fuzz
