# diplomatd — build, run and test. `make run` and `make test` set up everything they need.
SWIFT_BIN ?= /opt/swift/usr/bin
export PATH := $(SWIFT_BIN):$(PATH)
RUN_DIR := $(CURDIR)/.run
SOCKET := $(RUN_DIR)/diplomatd.sock
# `make run NOW=2021-04-01T18:00:00+09:00 SPEED=60` replays the timeline from that instant.
NOW ?=
SPEED ?= 1
RUN_ARGS := --socket $(SOCKET) --state-dir $(RUN_DIR)/state --seeds $(CURDIR)/seeds $(if $(NOW),--now $(NOW) --speed $(SPEED))

.PHONY: all deps build release run test test-swift test-integration bench clean

all: build

deps:
	@scripts/install-deps

build: deps
	swift build

release: deps
	swift build -c release

run: build
	@mkdir -p $(RUN_DIR)
	@echo "diplomatd: state in $(RUN_DIR)/state, socket $(SOCKET)"
	@echo "In another terminal:  export DIPLOMATD_SOCKET=$(SOCKET); $(CURDIR)/.build/debug/diplomatctl timeline"
	exec $(CURDIR)/.build/debug/diplomatd $(RUN_ARGS)

test: build
	swift build --build-tests
	swift test --skip-build
	DIPLOMATD_BIN=$(CURDIR)/.build/debug .venv/bin/python -m pytest -q tests

test-swift: build
	swift test

test-integration: build
	DIPLOMATD_BIN=$(CURDIR)/.build/debug .venv/bin/python -m pytest -q tests

bench: release
	.venv/bin/python bench/run.py --bin $(CURDIR)/.build/release

clean:
	rm -rf .build $(RUN_DIR)
