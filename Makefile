# One-word workflows. `make run` and `make test` set up everything they need on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-requirements.txt

.PHONY: run serve lint test test-fast prepare refresh bench system-deps freeze clean

# The virtual environment, reinstalled whenever requirements.txt changes.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	cp requirements.txt $(STAMP)

## Serve the app on the committed data (http://localhost:8501): one process, data loaded before it listens.
run: $(STAMP)
	$(PY) -m components.warm app.py

## WORKERS processes (default: one per core) and one chart renderer behind nginx on http://localhost:8501
## (LISTEN=addr:port; ARGS=... passes options such as --no-renderer or --no-visit to regiomonitor.deploy).
serve: $(STAMP)
	$(PY) -m regiomonitor.deploy $(if $(WORKERS),--workers $(WORKERS),) $(if $(LISTEN),--listen $(LISTEN),) $(ARGS)

## Lint (ruff), format check, import order, type check (mypy, configured in pyproject.toml) and the doctests.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest --doctest-modules regiomonitor components -q -o addopts="" -p no:cacheprovider

## Full test suite: lint, unit, AppTest, the prepare pipeline on the raw data, and browser tests in Chromium.
test: $(STAMP) system-deps lint
	REGIOMONITOR_REQUIRE_BROWSER=1 REGIOMONITOR_REQUIRE_POSTGRES=1 REGIOMONITOR_REQUIRE_NGINX=1 $(PY) -m pytest

## Everything except the browser tests and the slow pipeline tests.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser and not slow"

## Rebuild data/ and geo/ from ../shared/data/raw (or RAW=/path).
prepare: $(STAMP)
	$(PY) -m regiomonitor.prepare $(if $(RAW),--raw $(RAW),)

## Download the newest CBS tables (online; OUT=/path, default <raw>/cbs_odata), then run `make prepare`.
refresh: $(STAMP)
	$(PY) -m regiomonitor.refresh $(if $(OUT),--out $(OUT),)

## Print speed and size figures as JSON.
bench: $(STAMP)
	$(PY) bench/run.py

## Debian packages the tests and `make serve` need (Chromium, PostgreSQL for the status log, nginx).
system-deps:
	bash scripts/system-deps.sh

freeze: $(STAMP)
	$(PY) -m pip freeze | grep -v -E '^(pip|setuptools|wheel)==' > requirements.lock.tmp && echo "review requirements.lock.tmp"

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
