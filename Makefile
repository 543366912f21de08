# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
DEMO_DB ?= sqlite:///coffeemug.db

.PHONY: install demo test lint format bench browser axe clean messages fuzz

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "uv>=0.5,<1"

# Installs exactly what uv.lock records (runtime, benchmark extras and test tools).
install: $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --all-extras --python $(BIN)/python

demo: install
	COFFEEMUG_DATABASE_URL=$(DEMO_DB) $(BIN)/coffeemug db upgrade
	COFFEEMUG_DATABASE_URL=$(DEMO_DB) $(BIN)/coffeemug demo seed --if-empty
	COFFEEMUG_DATABASE_URL=$(DEMO_DB) $(BIN)/coffeemug serve --host 127.0.0.1 --port 8000

# Debian's Chromium drives the browser tests; installed once where missing.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)

# axe-core (accessibility rules) from the npm registry, injected offline into pages by the
# browser tests (tests/e2e/axe.py). Kept out of git in .cache/.
AXE_DIR := .cache/axe-core
axe: $(AXE_DIR)/package/axe.min.js
$(AXE_DIR)/package/axe.min.js:
	mkdir -p $(AXE_DIR)
	cd $(AXE_DIR) && npm pack --silent axe-core@4 >/dev/null && tar -xzf axe-core-*.tgz
	test -f $@

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

# After changing interface text: collect every message into messages.pot and merge it into each
# language's messages.po (new ones empty, to translate; the test suite names them).
messages: install
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --project=coffeemug \
		--copyright-holder="Coffee Mug contributors" -o src/coffeemug/locales/messages.pot .
	$(BIN)/pybabel update -i src/coffeemug/locales/messages.pot -d src/coffeemug/locales \
		--width=100 --ignore-obsolete --no-fuzzy-matching

format: install
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

test: install browser axe lint
	$(BIN)/pytest

# Longer than make test's bounded run: many examples per operation and every schemathesis phase,
# and the crash test with more kills (docs/security.md).
FUZZ_EXAMPLES ?= 100
fuzz: install
	COFFEEMUG_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) COFFEEMUG_CRASH_KILLS=8 \
		$(BIN)/pytest -q tests/trust/test_fuzz.py tests/trust/test_crash.py

bench: install
	$(BIN)/coffeemug bench all --out docs/benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache coffeemug.db* .cache
