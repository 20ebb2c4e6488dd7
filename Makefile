# The two commands: `make run` and `make test`. Everything else is a step of theirs.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
ifneq ($(CI),)
CMAKE_FLAGS += -DCCRM_WERROR=ON
endif
export CCACHE_DIR ?= $(HOME)/.cache/ccache
# Paths under the tree are hashed relative to it, so a fresh clone elsewhere (CI) hits the cache;
# the precompiled header is usable by ccache only with these sloppiness settings.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= true
export CCACHE_SLOPPINESS ?= pch_defines,time_macros,include_file_mtime,include_file_ctime

.PHONY: deps configure build run test test-sanitize test-tsan bench fuzz crash-loop clean

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/ccrm serve $(ARGS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 300

bench:
	@bash scripts/install-deps.sh --bench
	cmake -S . -B $(BUILD_DIR)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCCRM_BUILD_BENCH=ON
	cmake --build $(BUILD_DIR)-bench -j $(JOBS)
	bash server/bench/run.sh $(BUILD_DIR)-bench
	bash server/bench/auth_load.sh $(BUILD_DIR)-bench
	bash server/bench/leads_load.sh $(BUILD_DIR)-bench
	bash server/bench/blob_load.sh $(BUILD_DIR)-bench
	bash server/bench/connect_load.sh $(BUILD_DIR)-bench

# The C++ suites (unit, contract, integration: the real binary too) under ASan + LeakSanitizer +
# UBSan, in $(BUILD_DIR)-asan; the web tests (no C++ in them) are left out.
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/server/sanitize/lsan.supp
test-sanitize: deps
	cmake -S . -B $(BUILD_DIR)-asan -G Ninja -DCCRM_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR)-asan -j $(JOBS)
	cd $(BUILD_DIR)-asan && $(SANITIZE_ENV) ctest --output-on-failure -j $(JOBS) --timeout 900 \
	  -E '^(web|api)\.'

# ThreadSanitizer over the concurrent parts (SQLite writer and readers, the record store and
# search contracts, the audit log's combining and digests, the throttle's buckets, periodic
# tasks, the dispatcher and the socket server's io threads and worker pool, the user, token and
# lead caches, the job queue's dispatchers), in $(BUILD_DIR)-tsan; server/sanitize/tsan.supp
# lists what is suppressed and why.
test-tsan: deps
	cmake -S . -B $(BUILD_DIR)-tsan -G Ninja -DCCRM_TSAN=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR)-tsan -j $(JOBS)
	cd $(BUILD_DIR)-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/server/sanitize/tsan.supp" \
	  ctest --output-on-failure -j $(JOBS) --timeout 900

# Crash safety for the figures: CYCLES kill -9 cycles of concurrent writers against the real
# binary (make test runs the same test with 4). Prints cycles, writes acknowledged and lost.
CYCLES ?= 100
crash-loop: build
	CCRM_CRASH_CYCLES=$(CYCLES) CCRM_BINARY=$(CURDIR)/$(BUILD_DIR)/ccrm \
	  ./$(BUILD_DIR)/integration_tests --gtest_filter='CrashLoop.*'

# libFuzzer with ASan and UBSan (clang): each target runs FUZZ_SECONDS on its committed corpus;
# what it finds new stays in $(BUILD_DIR)-fuzz/corpus (out of git), crashes in .../crashes.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz:
	@bash scripts/install-deps.sh --fuzz
	cmake -S . -B $(BUILD_DIR)-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCCRM_FUZZ=ON
	cmake --build $(BUILD_DIR)-fuzz -j $(JOBS)
	bash server/fuzz/run.sh $(BUILD_DIR)-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-bench $(BUILD_DIR)-fuzz $(BUILD_DIR)-asan $(BUILD_DIR)-tsan
