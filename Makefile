# Fengqiao — build, test and run.
#
#   make          release binary build/fengqiao
#   make run      install deps, build, create the demo database, serve
#   make check    ASan+UBSan build, unit tests, CLI tests, a short fuzz run
#   make bench    benchmarks (bench/)
#   make fuzz     longer libFuzzer runs of every parser

CC      ?= cc
PKGS    := sqlite3 jansson libsodium libmicrohttpd xlsxwriter libzip expat libpq cbc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# CBC gives its header only: src/plan/cbc.c loads the library with dlopen on the first plan.
PKG_LIBS   := $(shell pkg-config --libs $(filter-out cbc,$(PKGS)) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter -Wconversion -Wformat=2 -Wnull-dereference
BASEFLAGS := -std=c17 -D_GNU_SOURCE -Isrc -Ibuild/gen $(WARN) $(PKG_CFLAGS) -MMD -MP
# The release build is hardened (scripts/check-hardening checks the binary): stack
# protector, fortified libc calls, position independent, full RELRO with BIND_NOW.
CFLAGS_REL  := $(BASEFLAGS) -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
LDFLAGS_REL := -pie -Wl,-z,relro,-z,now
CFLAGS_ASAN := $(BASEFLAGS) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined
# ThreadSanitizer: the unit tests and a concurrent HTTP test (tests/http/race).
CFLAGS_TSAN := $(BASEFLAGS) -O1 -g -fno-omit-frame-pointer -fsanitize=thread
LIBS    := $(PKG_LIBS) -lpthread -lm

# Everything under src/ is library code except the program's entry point.
ALL_SRC  := $(sort $(wildcard src/*/*.c))
MAIN_SRC := src/cli/main.c
LIB_SRC  := $(filter-out $(MAIN_SRC),$(ALL_SRC)) build/gen/embedded.c
TEST_SRC := $(sort $(wildcard tests/*/test_*.c))

REL_OBJ  := $(patsubst %.c,build/rel/%.o,$(LIB_SRC))
ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC))
TESTS    := $(patsubst tests/%.c,build/asan/tests/%,$(TEST_SRC))
TSAN_OBJ := $(patsubst %.c,build/tsan/%.o,$(LIB_SRC))
TSAN_TESTS := $(patsubst tests/%.c,build/tsan/tests/%,$(TEST_SRC))

# Files compiled into the binary: migrations, reference data, and the web
# interface as Vite builds it (listed when the recipe runs, after the build).
EMBED    := $(sort $(wildcard schema/*.sql)) data/alxa-left-divisions.csv data/alxa-left-boundary.geojson \
            data/common-passwords.txt
WEB_SRC  := $(shell find web/src web/public -type f 2>/dev/null) $(wildcard web/index.html web/vite.config.* web/package.json)

.PHONY: all run check check-ha checksrc test unit cli-test fuzz fuzz-smoke bench clean deps
all: build/fengqiao

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

# npm ci only when the lock file changes; the Vite build when a source does.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

build/web.stamp: $(WEB_SRC) $(if $(wildcard web/package.json),web/node_modules/.package-lock.json)
	@mkdir -p build
	if [ -f web/package.json ]; then cd web && npm run --silent build; fi
	touch $@

build/gen/embedded.c: build/tools/embed $(EMBED) build/web.stamp scripts/embed-web
	@mkdir -p $(@D)
	build/tools/embed $(EMBED) $$(scripts/embed-web) > $@.tmp && mv $@.tmp $@

# V=1 shows the full commands.
Q := $(if $(V),,@)

# Release objects are rebuilt when their flags change (build/rel/flags holds them).
build/rel/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CFLAGS_REL) $(LDFLAGS_REL)' | cmp -s - $@ || echo '$(CFLAGS_REL) $(LDFLAGS_REL)' > $@
FORCE:

build/rel/%.o: %.c build/rel/flags | build/gen/embedded.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_REL) -c -o $@ $<

build/asan/%.o: %.c | build/gen/embedded.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC asan $<")
	$(Q)$(CC) $(CFLAGS_ASAN) -c -o $@ $<

build/tsan/%.o: %.c | build/gen/embedded.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC tsan $<")
	$(Q)$(CC) $(CFLAGS_TSAN) -c -o $@ $<

build/fengqiao: $(REL_OBJ) build/rel/$(MAIN_SRC:.c=.o)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS_REL) $(LDFLAGS_REL) -o $@ $^ $(LIBS)

build/asan/fengqiao: $(ASAN_OBJ) build/asan/$(MAIN_SRC:.c=.o)
	@$(if $(Q),echo "  LD asan $@")
	$(Q)$(CC) $(CFLAGS_ASAN) -o $@ $^ $(LIBS)

build/tsan/fengqiao: $(TSAN_OBJ) build/tsan/$(MAIN_SRC:.c=.o)
	@$(if $(Q),echo "  LD tsan $@")
	$(Q)$(CC) $(CFLAGS_TSAN) -o $@ $^ $(LIBS)

build/tsan/tests/%: tests/%.c $(TSAN_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST tsan $@")
	$(Q)$(CC) $(CFLAGS_TSAN) -Itests -o $@ $< $(TSAN_OBJ) $(LIBS) -lcmocka

build/asan/tests/%: tests/%.c $(ASAN_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_ASAN) -Itests -o $@ $< $(ASAN_OBJ) $(LIBS) -lcmocka

deps:
	scripts/install-deps

run: deps build/fengqiao
	scripts/run-demo

unit: $(TESTS)
	tests/run-unit $(TESTS)

cli-test: build/asan/fengqiao
	tests/cli/run build/asan/fengqiao

# Banned functions in src/ (strtok, sprintf, atoi ...): scripts/checksrc says which and why.
checksrc:
	scripts/checksrc src

check: deps
	$(MAKE) build/fengqiao build/asan/fengqiao $(TESTS) build/tsan/fengqiao $(TSAN_TESTS)
	tests/check $(TESTS)

# Failover under write load on a pg_auto_failover cluster (tests/ha/run, ~2 min).
check-ha: deps
	$(MAKE) build/asan/fengqiao
	tests/ha/run build/asan/fengqiao

# libFuzzer harnesses: one per parser of outside input.
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
# fuzz_csv_small reads in 5-byte chunks, so short inputs reach every chunk boundary.
FUZZERS  := $(patsubst fuzz/%.c,build/fuzz/%,$(FUZZ_SRC)) build/fuzz/fuzz_csv_small
FUZZ_LIB := $(filter-out src/cli/% src/api/% src/http/%,$(LIB_SRC))
# The same warnings as the rest of the build.
FUZZ_CC  := clang -std=c17 -D_GNU_SOURCE -Isrc -Ibuild/gen $(PKG_CFLAGS) $(WARN) \
            -g -O1 -fsanitize=fuzzer,address,undefined
build/fuzz/%: fuzz/%.c $(FUZZ_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) -o $@ $< $(FUZZ_LIB) $(LIBS)
# fuzz_api drives the API's handlers as well: api_handle() without a socket.
FUZZ_API_LIB := $(filter src/api/% src/http/%,$(LIB_SRC))
build/fuzz/fuzz_api: fuzz/fuzz_api.c $(FUZZ_LIB) $(FUZZ_API_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) -o $@ $< $(FUZZ_LIB) $(FUZZ_API_LIB) $(LIBS)
build/fuzz/fuzz_csv_small: fuzz/fuzz_csv.c $(FUZZ_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) -DCSV_CHUNK=5 -o $@ $< $(FUZZ_LIB) $(LIBS)

fuzz-smoke: $(FUZZERS)
	tests/fuzz-run 15 $(FUZZERS)

fuzz: $(FUZZERS)
	FUZZ_SEED=0 tests/fuzz-run 300 $(FUZZERS)

bench: build/fengqiao
	bench/run

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
