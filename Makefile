# prepgen - one plain Makefile.  `make help` lists the targets.
#
# Objects go in $(BUILD) (default build/); the binary is copied to ./prepgen
# so that, uninstalled, it finds data/ and fonts/ next to itself.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
VERSION := 0.1.0

CC      ?= cc
PKGS    := libxml-2.0 libzip libpcre2-8 jansson libutf8proc zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wundef \
           -Wno-format-nonliteral
WERROR  ?= -Werror
OPT     ?= -O2 -g
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(WERROR) -Iinclude \
             $(PKG_CFLAGS) -DPREPGEN_VERSION='"$(VERSION)"' \
             -DPREPGEN_DATADIR='"$(PREFIX)/share/prepgen"' \
             -DHAVE_SECCOMP=$(HAVE_SECCOMP) $(CFLAGS) $(EXTRA_CFLAGS)
# libseccomp sandboxes batch workers (no network, no exec); optional at
# build time so a machine without it still builds (workers then warn).
HAVE_SECCOMP := $(shell pkg-config --exists libseccomp && echo 1 || echo 0)
LIBS    := $(PKG_LIBS) -lhpdf -lz -lm \
           $(if $(filter 1,$(HAVE_SECCOMP)),$(shell pkg-config --libs libseccomp))
LDFLAGS_ALL = $(LDFLAGS) $(EXTRA_LDFLAGS)

SRC      := $(sort $(wildcard src/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/main.o
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_OBJ := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tobj/%.o)
SUITES   := $(patsubst tests/unit/test_%.c,%,$(TEST_SRC))

# Debian packages needed to build and to run every test.
DEB_PKGS := build-essential pkg-config libxml2-dev libzip-dev libpcre2-dev \
            libhpdf-dev libjansson-dev libutf8proc-dev check qpdf \
            poppler-utils libxml2-utils python3 libseccomp-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

PHONY_EXTRA := fonts-check data-check eval
.PHONY: $(PHONY_EXTRA) fuzz fuzz-build all deps check unit cli golden asan asan-check bench demo clean \
        help regen-golden lint install uninstall

all: prepgen

prepgen: $(BUILD)/prepgen
	@if [ "$(BUILD)" = build ]; then cp $(BUILD)/prepgen prepgen; fi

$(BUILD)/prepgen: $(MAIN_OBJ) $(BUILD)/libprepgen.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS) $(LDFLAGS_ALL)

$(BUILD)/libprepgen.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

Q := $(if $(V),,@)

# -MMD -MP: each object depends on every header it includes (src/*.h too)
$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tobj/*.d)

$(BUILD)/obj $(BUILD)/tobj:
	@mkdir -p $@

# --- tests -------------------------------------------------------------
$(BUILD)/suites.h: $(TEST_SRC) | $(BUILD)/obj
	@printf '%s\n' $(foreach s,$(SUITES),'SUITE($(s))') > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

$(BUILD)/tobj/%.o: tests/unit/%.c | $(BUILD)/tobj
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags check) -MMD -MP -c -o $@ $<

$(BUILD)/tobj/runner.o: tests/unit/runner.c $(BUILD)/suites.h | $(BUILD)/tobj
	$(CC) $(CFLAGS_ALL) -I$(BUILD) $(shell pkg-config --cflags check) -c -o $@ $<

$(BUILD)/unit-tests: $(BUILD)/tobj/runner.o $(TEST_OBJ) $(BUILD)/libprepgen.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS) $(shell pkg-config --libs check) $(LDFLAGS_ALL)

# The suite: unit tests (Check), CLI tests, golden tests.  `make check`
# runs it twice: with the normal build, then under ASan+UBSan.
unit: $(BUILD)/unit-tests
	PREPGEN_DATA=data PREPGEN_TESTS=tests CK_FORK=yes $(BUILD)/unit-tests

cli: $(BUILD)/prepgen
	PREPGEN=$(abspath $(BUILD)/prepgen) PREPGEN_DATA=$(abspath data) tests/cli/run.sh

golden: $(BUILD)/prepgen
	PREPGEN=$(abspath $(BUILD)/prepgen) PREPGEN_DATA=$(abspath data) tests/golden/run.sh

suite: unit cli golden

ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all

asan:
	$(MAKE) --no-print-directory BUILD=build-asan OPT="$(ASAN_FLAGS)" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" build-asan/prepgen build-asan/unit-tests

asan-check: asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	$(MAKE) --no-print-directory BUILD=build-asan OPT="$(ASAN_FLAGS)" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" suite

fonts-check:
	sh tests/fonts/check-fonts.sh

# The data files: formats, orphaned tags, patterns (python3, stdlib only),
# and every bundled bank against the schema with xmllint.
data-check:
	python3 tools/check-extract-data.py
	xmllint --noout --relaxng data/bank.rng data/banks/*.xml

check: all
	$(MAKE) --no-print-directory suite
	$(MAKE) --no-print-directory fonts-check
	$(MAKE) --no-print-directory data-check
	$(MAKE) --no-print-directory asan-check
	@echo "make check: all suites passed (normal and ASan+UBSan builds)"

regen-golden: all
	PREPGEN=$(abspath prepgen) PREPGEN_DATA=$(abspath data) tests/golden/run.sh --regen

# --- helpers -----------------------------------------------------------
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "deps: every package is installed"; fi
	@# the official JSON Resume schema, for the --facts tests (npm registry)
	@if [ ! -d tests/schema/node_modules ] && command -v npm >/dev/null; then \
	  echo "installing the JSON Resume schema (npm)"; \
	  (cd tests/schema && npm ci --no-audit --no-fund --silent); fi

demo: all
	./prepgen samples/$(DEMO_SAMPLE) -o pack.pdf
	@echo "demo: wrote pack.pdf from samples/$(DEMO_SAMPLE)"

DEMO_SAMPLE ?= 01-backend-senior-libreoffice.docx

eval: all
	PREPGEN_DATA=$(abspath data) python3 tools/eval.py --bin ./prepgen

bench: all
	tests/bench/run.sh

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --std=c11 -Iinclude --suppress=missingIncludeSystem src

clean:
	rm -rf build build-asan prepgen

help:
	@echo "make deps     install the Debian packages needed (apt-get, only missing ones)"
	@echo "make          build ./prepgen"
	@echo "make demo     build and run on a bundled sample"
	@echo "make check    build, then unit + CLI + golden tests, then again under ASan+UBSan"
	@echo "make bench    benchmarks (medians and ratios)"
	@echo "make regen-golden  rewrite tests/golden from the current build (review the diff!)"
	@echo "make lint     cppcheck"

# --- fuzzing (libFuzzer; needs clang and libclang-rt-14-dev) -------------
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TIME ?= 60
FUZZ_CC   ?= clang
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -DPREPGEN_FUZZ -std=c11 -D_GNU_SOURCE \
              -Iinclude $(PKG_CFLAGS)

build-fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(wildcard include/prepgen/*.h) tests/fuzz/fuzz_read.h
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(LIBS)

fuzz-build: $(FUZZ_TARGETS:%=build-fuzz/%)

# Replays every saved reproducer, then fuzzes each target for FUZZ_TIME s,
# seeded from samples/ and the test fixtures.
fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t tests/fuzz/regress/$$t; \
	  if ls tests/fuzz/regress/$$t/* >/dev/null 2>&1; then \
	    echo "replaying tests/fuzz/regress/$$t"; \
	    build-fuzz/$$t -runs=1 tests/fuzz/regress/$$t/* >/dev/null 2>&1 || \
	      { echo "fuzz: a saved reproducer of $$t fails again"; exit 1; }; fi; \
	  dict=""; [ -f tests/fuzz/$${t#fuzz_}.dict ] && dict=-dict=tests/fuzz/$${t#fuzz_}.dict; \
	  seeds=""; for s in samples tests/fixtures; do [ -d $$s ] && seeds="$$seeds $$s"; done; \
	  echo "fuzzing $$t for $(FUZZ_TIME) s"; \
	  build-fuzz/$$t -max_total_time=$(FUZZ_TIME) -max_len=262144 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=build-fuzz/crash-$$t- \
	    $$dict build-fuzz/corpus/$$t $$seeds 2>build-fuzz/$$t.log \
	    || { tail -n 40 build-fuzz/$$t.log; echo "fuzz: $$t found a crash (build-fuzz/crash-$$t-*)"; exit 1; }; \
	  grep -E 'stat::number_of_executed_units' build-fuzz/$$t.log || true; \
	done
