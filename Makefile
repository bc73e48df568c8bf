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
             -DPREPGEN_DATADIR='"$(PREFIX)/share/prepgen/data"' \
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
            poppler-utils libxml2-utils python3 libseccomp-dev \
            valgrind strace cppcheck clang libclang-rt-14-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

PHONY_EXTRA := fonts-check data-check eval heldout samples
.PHONY: $(PHONY_EXTRA) fuzz fuzz-build fuzz-ci memcheck privacy suite all deps check unit cli golden asan asan-check bench demo clean \
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

# tests/privacy: strace (no network, no exec, no file outside the inputs,
# data, fonts and output; batch CVs opened only inside the seccomp sandbox)
# and no CV text in stderr or the batch reports.
privacy: $(BUILD)/prepgen
	PREPGEN=$(abspath $(BUILD)/prepgen) PREPGEN_DATA=$(abspath data) tests/privacy/run.sh

suite: unit cli golden privacy

# valgrind over every sample through the whole pipeline, --facts, --plan,
# error paths and a batch: 0 errors, 0 definite or indirect leaks.
memcheck: $(BUILD)/prepgen
	PREPGEN=$(abspath $(BUILD)/prepgen) PREPGEN_DATA=$(abspath data) tests/memcheck/run.sh

ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all

asan:
	$(MAKE) --no-print-directory BUILD=build-asan OPT="$(ASAN_FLAGS)" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" build-asan/prepgen build-asan/unit-tests

asan-check: asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(abspath tests/fuzz/lsan.supp) \
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
	$(MAKE) --no-print-directory heldout
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory memcheck
	$(MAKE) --no-print-directory asan-check
	@echo "make check: all suites passed (normal, valgrind and ASan+UBSan builds; lint clean)"

regen-golden: all
	PREPGEN=$(abspath prepgen) PREPGEN_DATA=$(abspath data) tests/golden/run.sh --regen

# --- install -----------------------------------------------------------
# The installed tree mirrors the source tree: data in share/prepgen/data,
# fonts in share/prepgen/fonts (the PDF writer looks in <data>/../fonts).
# The binary finds them through PREPGEN_DATADIR, or next to itself
# (<bin>/../share/prepgen/data), so a DESTDIR copy runs as it is.
# INSTALL_BIN: install an already built binary instead (the tests do).
INSTALL     ?= install
INSTALL_BIN ?= $(BUILD)/prepgen
I_BIN   = $(DESTDIR)$(PREFIX)/bin
I_SHARE = $(DESTDIR)$(PREFIX)/share/prepgen
I_MAN   = $(DESTDIR)$(PREFIX)/share/man/man1
I_COMP  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
I_DATA  := $(filter-out data/banks,$(wildcard data/*))
I_BANKS := $(wildcard data/banks/*)
I_FONTS := $(wildcard fonts/*)

# cli.c bakes PREFIX in: rebuild it when PREFIX changes.
$(BUILD)/obj/cli.o: $(BUILD)/prefix.stamp
$(BUILD)/prefix.stamp: FORCE | $(BUILD)/obj
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
.PHONY: FORCE
FORCE:

install: $(INSTALL_BIN)
	$(INSTALL) -d $(I_BIN) $(I_SHARE)/data/banks $(I_SHARE)/fonts $(I_MAN) $(I_COMP)
	$(INSTALL) -m 755 $(INSTALL_BIN) $(I_BIN)/prepgen
	$(INSTALL) -m 644 $(I_DATA) $(I_SHARE)/data
	$(INSTALL) -m 644 $(I_BANKS) $(I_SHARE)/data/banks
	$(INSTALL) -m 644 $(I_FONTS) $(I_SHARE)/fonts
	$(INSTALL) -m 644 prepgen.1 $(I_MAN)/prepgen.1
	$(INSTALL) -m 644 completion/prepgen.bash $(I_COMP)/prepgen

uninstall:
	rm -f $(I_BIN)/prepgen $(I_MAN)/prepgen.1 $(I_COMP)/prepgen
	rm -f $(I_DATA:%=$(I_SHARE)/%) $(I_BANKS:%=$(I_SHARE)/%) $(I_FONTS:%=$(I_SHARE)/%)
	-rmdir $(I_SHARE)/data/banks $(I_SHARE)/data $(I_SHARE)/fonts $(I_SHARE)

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

# A pack for every sample CV (one per role family and more) in
# samples/packs/, with the coach report; generated, never committed.
samples: all
	./prepgen samples/ -o samples/packs/ --cohort-report -q
	@echo "samples: packs in samples/packs/ ($$(ls samples/packs/*.pdf | wc -l) PDFs)"

eval: all
	PREPGEN_DATA=$(abspath data) python3 tools/eval.py --bin ./prepgen

# 30 CVs written without reading the extractor (h01-h20 in session 1,
# h21-h30 in session 2), fixed only by general rules: fails when a field
# misses issue 3's targets or the role/pre-tech story checks of issue 9.
heldout: all
	PREPGEN_DATA=$(abspath data) bash tests/heldout/run.sh --bin ./prepgen --strict

bench: all
	tests/bench/run.sh

# cppcheck over src/, clean.  One false positive is suppressed here: in
# cli.c, `sizeof longopts[NROWS]` (one element's size) reads to cppcheck
# as a division.  Others may be silenced inline with a reason.
lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --std=c11 -Iinclude --suppress=missingIncludeSystem --inline-suppr \
	    --suppress=sizeofDivisionMemfunc:src/cli.c src

clean:
	rm -rf build build-asan prepgen

help:
	@echo "make deps     install the Debian packages needed (apt-get, only missing ones)"
	@echo "make          build ./prepgen"
	@echo "make demo     build and run on a bundled sample"
	@echo "make check    build, then unit + CLI + golden tests, then again under ASan+UBSan"
	@echo "make bench    benchmarks (medians and ratios)"
	@echo "make regen-golden  rewrite tests/golden from the current build (review the diff!)"
	@echo "make lint     cppcheck over src/ (part of make check)"
	@echo "make memcheck valgrind over every sample (part of make check)"
	@echo "make privacy  strace and no-CV-text tests (part of make check)"
	@echo "make fuzz     libFuzzer: replay tests/fuzz/regress, then FUZZ_TIME s per target (-j2: two at once)"
	@echo "make fuzz-ci  the CI fuzz step: every target 60 s (make -j2 fuzz-ci)"
	@echo "make install  PREFIX=/usr/local DESTDIR=  (uninstall: the same files)"

# --- fuzzing (libFuzzer; needs clang and libclang-rt-14-dev) -------------
# The library is compiled once for every target (objects in build-fuzz/obj),
# with the sanitizers, -DPREPGEN_FUZZ (smaller limits, so a timeout means a
# bug) and -fsanitize=fuzzer-no-link; each tests/fuzz/fuzz_*.c links to it.
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TIME ?= 60
FUZZ_CC   ?= clang
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) -DPREPGEN_FUZZ \
              -std=c11 -D_GNU_SOURCE -Iinclude $(PKG_CFLAGS) \
              -DHAVE_SECCOMP=$(HAVE_SECCOMP)
FUZZ_OBJ  := $(LIB_SRC:src/%.c=build-fuzz/obj/%.o)

build-fuzz/obj/%.o: src/%.c
	@mkdir -p build-fuzz/obj
	@$(if $(V),,echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

-include $(wildcard build-fuzz/obj/*.d)

build-fuzz/libprepgen-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libprepgen-fuzz.a $(wildcard tests/fuzz/*.h)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    build-fuzz/libprepgen-fuzz.a $(LIBS)

fuzz-build: $(FUZZ_TARGETS:%=build-fuzz/%)

# `make fuzz`: per target, replays tests/fuzz/regress/TARGET/ and fuzzes
# FUZZ_TIME seconds (tests/fuzz/run.sh).  `make -j2 fuzz` runs two targets
# at a time.  `make fuzz-ci` is the CI step: FUZZ_TIME=60 each.
fuzz-run-%: build-fuzz/%
	@sh tests/fuzz/run.sh $* $(FUZZ_TIME)

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz-ci:
	$(MAKE) --no-print-directory fuzz-build
	$(MAKE) --no-print-directory FUZZ_TIME=60 fuzz
