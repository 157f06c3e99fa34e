# Homeward - the front door.  The real build is Meson (meson.build).
#
#   make run     install missing Debian packages (as root), build, create the
#                demo database and its logins, and serve it on 127.0.0.1:8080
#   make test    build and run every test, also under ASan and UBSan
#   make web     only the web interface (web/dist, served by homeward serve)
#   make bench   benchmarks (bench/), figures on stdout
#   make fuzz    libFuzzer targets (clang), a short run of each
#   make deps    only install (or, not as root, name) missing packages

BUILD      ?= build
SAN_BUILD  ?= build-san
DB         ?= homeward.db
MESON      ?= meson
NINJA      ?= ninja

DEBIAN_PACKAGES = gcc clang libclang-rt-14-dev make pkg-config python3 meson ninja-build \
	libsqlite3-dev sqlite3 libjansson-dev libsodium-dev libutf8proc-dev \
	libicu-dev libcsv-dev libcmocka-dev libmicrohttpd-dev curl \
	nodejs npm chromium firefox-esr

.PHONY: all deps build web run test test-unit test-e2e test-web test-san bench fuzz clean

all: build web

deps:
	@tools/deps.sh $(DEBIAN_PACKAGES)

$(BUILD)/build.ninja: | deps
	$(MESON) setup $(BUILD) --buildtype=debugoptimized

build: $(BUILD)/build.ninja
	$(NINJA) -C $(BUILD)

# The web interface (docs/web.md): npm installs the locked packages once,
# esbuild bundles web/src into web/dist, the default of `homeward serve --web`.
web/node_modules/.installed: web/package.json web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web: web/node_modules/.installed
	cd web && node build.mjs

run: build web
	@tools/demo.sh $(BUILD)/src/cli/homeward $(DB)

test: build test-unit test-e2e test-web test-san
	@echo "all test suites passed"

test-unit: build
	$(MESON) test -C $(BUILD) --suite unit --print-errorlogs

test-e2e: build
	HOMEWARD=$(CURDIR)/$(BUILD)/src/cli/homeward tests/e2e/run.sh

# the catalogues of the interface, then the browser tests (tests/browser/):
# the real server and Debian's Chromium, one test file at a time
test-web: build web
	cd web && node --test test/*.test.mjs
	HOMEWARD=$(CURDIR)/$(BUILD)/src/cli/homeward node --test --test-concurrency=1 \
		tests/browser/*.test.mjs

$(SAN_BUILD)/build.ninja: | deps
	CC=clang $(MESON) setup $(SAN_BUILD) --buildtype=debug \
		-Db_sanitize=address,undefined -Db_lundef=false

test-san: $(SAN_BUILD)/build.ninja
	$(NINJA) -C $(SAN_BUILD)
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
		$(MESON) test -C $(SAN_BUILD) --suite unit --print-errorlogs
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
		HOMEWARD=$(CURDIR)/$(SAN_BUILD)/src/cli/homeward tests/e2e/run.sh

bench: build
	bench/run.sh $(BUILD)

fuzz: | deps
	CC=clang $(MESON) setup build-fuzz --buildtype=debug -Dfuzz=true -Db_lundef=false 2>/dev/null || true
	$(NINJA) -C build-fuzz
	tools/fuzz.sh build-fuzz

clean:
	rm -rf $(BUILD) $(SAN_BUILD) build-fuzz web/dist
