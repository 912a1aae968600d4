# diplomatd — build, run and test. `make run` and `make test` set up everything they need.
SWIFT_BIN ?= /opt/swift/usr/bin
export PATH := $(SWIFT_BIN):$(PATH)
RUN_DIR := $(CURDIR)/.run
SOCKET := $(RUN_DIR)/diplomatd.sock
# `make run NOW=2021-04-01T18:00:00+09:00 SPEED=60` replays the timeline from that instant.
NOW ?=
SPEED ?= 1
RUN_ARGS := --socket $(SOCKET) --state-dir $(RUN_DIR)/state --seeds $(CURDIR)/seeds $(if $(NOW),--now $(NOW) --speed $(SPEED))

.PHONY: all deps build release static run demo eval test test-swift test-integration e2e bench soak fuzz install man clean

# make install: PREFIX, DESTDIR and the directories below follow the usual conventions.
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
SYSCONFDIR ?= /etc
MANDIR ?= $(DATADIR)/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
CATALOGDIR ?= $(PREFIX)/lib/systemd/catalog
STATIC := .build-static/release

all: build

deps:
	@scripts/install-deps

build: deps
	swift build

release: deps
	swift build -c release

# Release binaries with the Swift runtime linked in: they need only libc, libstdc++ and
# libsystemd at run time (what make install ships).
static: deps
	swift build -c release --static-swift-stdlib --scratch-path .build-static --product diplomatd
	swift build -c release --static-swift-stdlib --scratch-path .build-static --product diplomatctl

# Manual pages generated from the command-line definitions.
man: build static
	swift package --allow-writing-to-package-directory generate-manual --configuration debug >/dev/null
	rm -rf .build/man && mkdir -p .build/man
	.build/debug/generate-manual-tool $(STATIC)/diplomatctl --section 1 --multi-page -o .build/man
	.build/debug/generate-manual-tool $(STATIC)/diplomatd --section 8 -o .build/man

install: static man
	install -Dm755 -s $(STATIC)/diplomatd $(DESTDIR)$(BINDIR)/diplomatd
	install -Dm755 -s $(STATIC)/diplomatctl $(DESTDIR)$(BINDIR)/diplomatctl
	install -d $(DESTDIR)$(UNITDIR)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	  deploy/diplomatd.service.in > $(DESTDIR)$(UNITDIR)/diplomatd.service
	install -m644 deploy/diplomatd.socket $(DESTDIR)$(UNITDIR)/diplomatd.socket
	install -Dm644 deploy/sysusers.d/diplomatd.conf $(DESTDIR)$(SYSUSERSDIR)/diplomatd.conf
	install -Dm644 deploy/tmpfiles.d/diplomatd.conf $(DESTDIR)$(TMPFILESDIR)/diplomatd.conf
	install -Dm644 deploy/diplomatd.catalog $(DESTDIR)$(CATALOGDIR)/diplomatd.catalog
	install -d $(DESTDIR)$(DATADIR)/diplomatd/seeds
	install -m644 seeds/*.txt seeds/*.json seeds/README.md $(DESTDIR)$(DATADIR)/diplomatd/seeds/
	[ -e $(DESTDIR)$(SYSCONFDIR)/diplomatd/diplomatd.conf ] || install -Dm644 deploy/diplomatd.conf $(DESTDIR)$(SYSCONFDIR)/diplomatd/diplomatd.conf
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8
	install -m644 .build/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m644 .build/man/*.8 $(DESTDIR)$(MANDIR)/man8/
	$(STATIC)/diplomatctl --generate-completion-script bash | install -Dm644 /dev/stdin $(DESTDIR)$(DATADIR)/bash-completion/completions/diplomatctl
	$(STATIC)/diplomatctl --generate-completion-script zsh | install -Dm644 /dev/stdin $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_diplomatctl
	$(STATIC)/diplomatctl --generate-completion-script fish | install -Dm644 /dev/stdin $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/diplomatctl.fish
	@echo "Installed. As root: systemd-sysusers; systemd-tmpfiles --create; journalctl --update-catalog; systemctl daemon-reload; systemctl enable --now diplomatd.socket"

# The unit files under a real systemd, in a throwaway container (needs root and systemd-container).
e2e: deps
	tests/e2e/systemd-e2e.sh

run: build
	@mkdir -p $(RUN_DIR)
	@echo "diplomatd: state in $(RUN_DIR)/state, socket $(SOCKET)"
	@echo "In another terminal:  export DIPLOMATD_SOCKET=$(SOCKET); $(CURDIR)/.build/debug/diplomatctl timeline"
	exec $(CURDIR)/.build/debug/diplomatd $(RUN_ARGS)

# The temporal tagger scored on a TimeML corpus that is not part of this repository.
TIMEBANK ?= $(CURDIR)/../shared/data/timebank-tbaq
TIMEX_SCORER ?= $(CURDIR)/../shared/tools/timex-score.py
eval: build
	@echo "== TIMEX3, TimeBank/AQUAINT ($(TIMEBANK))"
	python3 eval/timex_eval.py --corpus $(TIMEBANK) --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug
	@echo "== TIMEX3, eval/news (self-written; rules were tuned on its errors)"
	python3 eval/timex_eval.py --corpus eval/news --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug
	@echo "== TIMEX3, eval/news-holdout (self-written; session 3 tuned rules on its meeting errors)"
	python3 eval/timex_eval.py --corpus eval/news-holdout --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug
	@echo "== Meetings, eval/news"
	python3 eval/meetings_eval.py --corpus eval/news --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug
	@echo "== TIMEX3, eval/news-holdout2 (written blind in session 3; meeting rules were then tuned on its errors)"
	python3 eval/timex_eval.py --corpus eval/news-holdout2 --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug
	@echo "== Meetings, eval/news-holdout (rules were tuned on its errors in session 3)"
	python3 eval/meetings_eval.py --corpus eval/news-holdout --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug
	@echo "== Meetings, eval/news-holdout2 (tuned on in session 3)"
	python3 eval/meetings_eval.py --corpus eval/news-holdout2 --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug
	@echo "== Batches written blind, then tuned on (session 3: holdout3-4; session 4: holdout5, 7, 8, 10-13)"
	for c in news-holdout3 news-holdout4 news-holdout5 news-holdout7 news-holdout8 news-holdout10 news-holdout11 news-holdout12 news-holdout13; do echo "== $$c"; python3 eval/timex_eval.py --corpus eval/$$c --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug | sed -n 3,6p; python3 eval/meetings_eval.py --corpus eval/$$c --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug | sed -n 1,6p; done
	@echo "== Held out: written blind in session 4 and never tuned on (the honest figures)"
	for c in news-holdout6 news-holdout9 news-holdout14 news-holdout15 news-holdout16; do echo "== $$c (held out)"; python3 eval/timex_eval.py --corpus eval/$$c --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug | sed -n 3,6p; python3 eval/meetings_eval.py --corpus eval/$$c --scorer $(TIMEX_SCORER) --bin $(CURDIR)/.build/debug | sed -n 1,6p; done

# The seed timeline replayed at one day per second: the trilateral's window opens and lapses.
demo: build
	scripts/demo

test: build
	swift build --build-tests
	swift test --skip-build
	DIPLOMATD_BIN=$(CURDIR)/.build/debug .venv/bin/python -m pytest -q tests
	$(MAKE) fuzz
	$(MAKE) e2e

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer from the Swift toolchain) of the
# Varlink framing and JSON decoding, date and duration parsing, and the extractor.
FUZZ_SECONDS ?= 20
FUZZ_SEED ?= 1
fuzz:
	FUZZ_SEED=$(FUZZ_SEED) fuzz/run.sh $(FUZZ_SECONDS)

# The long versions: 10 minutes of fuzzing per target and 500 kill -9 cycles.
SOAK_FUZZ_SECONDS ?= 600
SOAK_CRASH_CYCLES ?= 500
soak: build
	FUZZ_SEED= fuzz/run.sh $(SOAK_FUZZ_SECONDS)
	CRASH_CYCLES=$(SOAK_CRASH_CYCLES) DIPLOMATD_BIN=$(CURDIR)/.build/debug .venv/bin/python -m pytest -q tests/test_crash_loop.py tests/test_bad_input.py tests/test_reminders.py

test-swift: build
	swift test

test-integration: build
	DIPLOMATD_BIN=$(CURDIR)/.build/debug .venv/bin/python -m pytest -q tests

bench: release static
	@scripts/install-deps --bench
	.venv/bin/python bench/run.py --bin $(CURDIR)/.build/release

clean:
	rm -rf .build $(RUN_DIR)
