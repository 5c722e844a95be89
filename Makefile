# nkreport — build, test and run the monthly report job.
# `make run` and `make test` work on a fresh machine with only the Swift toolchain:
# the system library libxlsxwriter is installed with apt-get when pkg-config can't find it.

SWIFT   ?= swift
INPUTS  ?= Inputs
REPORTS ?= Reports
PERIOD  ?=
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN = .build/release/nkreport

.PHONY: all deps build release run test bench format clean

all: build

# libxlsxwriter (C) comes from the distribution; its pkg-config name is `xlsxwriter`.
deps:
	@pkg-config --exists xlsxwriter || { \
	  echo "make: installing libxlsxwriter-dev (pkg-config could not find xlsxwriter)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxlsxwriter-dev pkg-config; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product nkreport

run: release
	$(RELEASE_BIN) run --inputs $(INPUTS) --reports $(REPORTS) $(if $(PERIOD),--period $(PERIOD))

test: deps
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release --product nkreport
	$(SWIFT) build -c release --product nkbench
	.build/release/nkbench --nkreport $(RELEASE_BIN)

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build
	find $(REPORTS) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

# Fuzzing (FuzzTesting/, a package of its own): libFuzzer targets for the CSV reader, the
# period grammar and each input file's validator. Needs only the Swift toolchain (its clang
# runtime has libFuzzer and AddressSanitizer). `make fuzz FUZZ_SECONDS=600` runs each target
# for that long; `make fuzz-smoke` runs all of them for about a minute in all (CI).
FUZZ_SECONDS ?= 60
FUZZ_BUILD = cd FuzzTesting && $(SWIFT) build -c release \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

.PHONY: fuzz-build fuzz fuzz-smoke

fuzz-build:
	$(FUZZ_BUILD)

fuzz: fuzz-build
	FuzzTesting/run-fuzzers.sh $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	FuzzTesting/run-fuzzers.sh 8
