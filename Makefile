# nkreport — build, test and run the monthly report job.
# `make run` and `make test` work on a fresh machine with only the Swift toolchain:
# the system library libxlsxwriter is installed with apt-get when pkg-config can't find it.

SWIFT   ?= swift
INPUTS  ?= Inputs
REPORTS ?= Reports
PERIOD  ?=
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Release builds link the Swift runtime and Foundation statically, so the installed binary runs
# on a server with no Swift toolchain (only libxlsxwriter4 from the distribution).
RELEASE_FLAGS = -c release --static-swift-stdlib
RELEASE_BIN = .build/release/nkreport

# `make install PREFIX=/usr/local DESTDIR=`: where things go.
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DOCDIR      ?= $(PREFIX)/share/doc/nkreport
SYSCONFDIR  ?= /etc
SYSTEMD_VAR  = $(shell pkg-config --variable=$(1) systemd 2>/dev/null)
UNITDIR     ?= $(or $(call SYSTEMD_VAR,systemdsystemunitdir),/lib/systemd/system)
SYSUSERSDIR ?= $(or $(call SYSTEMD_VAR,sysusersdir),/usr/lib/sysusers.d)
TMPFILESDIR ?= $(or $(call SYSTEMD_VAR,tmpfilesdir),/usr/lib/tmpfiles.d)
MANPAGE      = .build/man/nkreport.1
UNITS        = nkreport.service nkreport-send.service nkreport.timer nkreport-failure@.service

.PHONY: all deps browser build release run test bench format clean man install uninstall \
  field-test deb deb-deps screenshots

all: build

# libxlsxwriter (C) comes from the distribution; its pkg-config name is `xlsxwriter`.
deps:
	@pkg-config --exists xlsxwriter || { \
	  echo "make: installing libxlsxwriter-dev (pkg-config could not find xlsxwriter)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxlsxwriter-dev pkg-config; }

# Headless Chromium: the tests open the digest and Reports/index.html in it, and
# `make screenshots` takes docs/*.png with it.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  echo "make: installing chromium (the browser tests and make screenshots use it)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product nkreport

run: release
	$(RELEASE_BIN) run --inputs $(INPUTS) --reports $(REPORTS) $(if $(PERIOD),--period $(PERIOD))

test: deps browser
	NKREPORT_REQUIRE_BROWSER=1 $(SWIFT) test

# The sample's digest and reports index, in Chromium at phone and desktop widths (README).
screenshots: deps browser
	$(SWIFT) build --product nkreport
	docs/screenshots.sh .build/debug/nkreport docs

# `make bench BENCH_ARGS="--rows 300000 --runs 5"`: options of nkbench (Benchmarks/README.md).
# The Python comparisons run in a venv of their own; without one nkbench skips them.
BENCH_PYTHON ?= .build/bench-python
BENCH_ARGS   ?=
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product nkreport
	$(SWIFT) build $(RELEASE_FLAGS) --product nkbench
	Benchmarks/python/install.sh $(BENCH_PYTHON)
	.build/release/nkbench --nkreport $(RELEASE_BIN) --python $(BENCH_PYTHON)/bin/python $(BENCH_ARGS)

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

# nkreport.1 from the command definitions (swift-argument-parser's generate-manual plugin).
man: $(MANPAGE)
# The plugin builds every product first: in debug, which `make test` has already built.
$(MANPAGE): $(wildcard Sources/nkreport/*.swift) | deps
	mkdir -p .build/man
	$(SWIFT) package --allow-writing-to-package-directory generate-manual \
	  --configuration debug --output-directory .build/man --authors "nkreport maintainers"
	@test -s $(MANPAGE) || { echo "make: generate-manual wrote no $(MANPAGE)"; exit 1; }

# Units get the install paths substituted; the example config never replaces an existing one.
# The man page first: the plugin's build can leave SwiftPM thinking the release build stale.
install: man release
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	  $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(SYSCONFDIR)/nkreport
	install -m 0755 -s $(RELEASE_BIN) $(DESTDIR)$(BINDIR)/nkreport
	for unit in $(UNITS); do \
	  source=deploy/$$unit; [ -e $$source ] || source=deploy/$$unit.in; \
	  sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' \
	    -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $$source >$(DESTDIR)$(UNITDIR)/$$unit; \
	  chmod 0644 $(DESTDIR)$(UNITDIR)/$$unit; \
	done
	install -m 0644 deploy/sysusers.d/nkreport.conf $(DESTDIR)$(SYSUSERSDIR)/nkreport.conf
	install -m 0644 deploy/tmpfiles.d/nkreport.conf $(DESTDIR)$(TMPFILESDIR)/nkreport.conf
	install -m 0644 $(MANPAGE) $(DESTDIR)$(MANDIR)/man1/nkreport.1
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 0644 deploy/nkreport.toml $(DESTDIR)$(DOCDIR)/nkreport.toml.example
	[ -e $(DESTDIR)$(SYSCONFDIR)/nkreport/nkreport.toml ] || \
	  install -m 0644 deploy/nkreport.toml $(DESTDIR)$(SYSCONFDIR)/nkreport/nkreport.toml

# Leaves the settings (/etc/nkreport) and the data (/var/lib/nkreport) in place.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nkreport $(DESTDIR)$(MANDIR)/man1/nkreport.1
	for unit in $(UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$$unit; done
	rm -f $(DESTDIR)$(SYSUSERSDIR)/nkreport.conf $(DESTDIR)$(TMPFILESDIR)/nkreport.conf
	rm -rf $(DESTDIR)$(DOCDIR)

# `make deb`: dist/nkreport_VERSION_ARCH.deb, built by debhelper (compat 13) from debian/:
# the binary and layout of `make install` with Debian's paths, maintainer scripts from
# dh_installsystemd, dh_installsysusers and dh_installtmpfiles, Depends from dpkg-shlibdeps;
# then lintian, which must report no error. Debian's packaging tools are installed when missing.
DEB_TOOLS = dpkg-buildpackage:dpkg-dev dh:debhelper lintian:lintian
deb-deps: deps
	@missing=; for pair in $(DEB_TOOLS); do \
	  command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

deb: deb-deps
	dpkg-checkbuilddeps
	@version=$$(dpkg-parsechangelog -S Version); \
	grep -q "static let version = \"$$version\"" Sources/nkreport/NKReportCommand.swift || \
	  { echo "make: debian/changelog's $$version is not NKReportCommand.version"; exit 1; }
	rm -rf dist debian/nkreport debian/.debhelper debian/files debian/*.substvars debian/debhelper-build-stamp
	mkdir -p dist
	debian/rules build
	debian/rules binary
	lintian --fail-on error --info dist/nkreport_*.deb
	@ls -l dist/nkreport_*.deb

# The installed job on a plain Debian 12 under a real systemd and Postfix (see
# deploy/field-test/run.sh): the .deb installed with apt, a Postfix matrix, delivery's record
# damaged on purpose, reinstall and purge, and `make install` on the same server. Run as root.
# Needs debootstrap and systemd-nspawn (installed here).
field-test: deb
	deploy/field-test/run.sh

clean:
	rm -rf .build
	find $(REPORTS) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

# Fuzzing (FuzzTesting/, a package of its own): libFuzzer targets for the CSV reader, the
# period grammar, the Ministry table's heading grammar and each input file's validator. Needs
# only the Swift toolchain (its clang runtime has libFuzzer and AddressSanitizer).
# `make fuzz FUZZ_SECONDS=600` runs each target for that long; `make fuzz-smoke` runs all of
# them for about a minute and a half in all (CI).
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
