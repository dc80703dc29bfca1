# Layanan Kepegawaian Kota Tebing Tinggi
#   make run    start everything locally (site + formsvc + local SMTP sink) on :8000
#   make test   run the whole test suite
#   make docs   live-reload preview of the documentation for content editors

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: run test docs build install install-dev user bench audit clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

build: install
	$(BIN)/mkdocs build --strict

run: install
	SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/mkdocs build --strict
	PORT=$(PORT) FORMSVC_ENV=development $(BIN)/python -m formsvc.dev

USERNAME ?= admin
ROLE ?= admin
user: install
	FORMSVC_ENV=development $(BIN)/flask --app formsvc db upgrade
	FORMSVC_ENV=development $(BIN)/flask --app formsvc hr create-user $(USERNAME) --role $(ROLE)

docs: install
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

# Lighthouse (mobile) on the home page, a procedure page with its form and the survey, served by
# formsvc like `make run` (on free ports); prints the four scores and fails under performance 95,
# accessibility 100, best practices 100, SEO 100. Lighthouse comes from npm (package-lock.json).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

audit: install-dev node_modules/.package-lock.json
	$(BIN)/mkdocs build --strict
	$(BIN)/python tests/a11y/lighthouse_audit.py

test: install-dev
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmark (not a test): leave requests through gunicorn on loopback vs a bare Flask
# endpoint, SQLite and PostgreSQL (fsync on), SMTP up and down. Needs wrk (apt-get install -y
# wrk) and PostgreSQL's server binaries; results in BENCHMARKS.md. BENCH_ARGS="--duration 20"
bench: build
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache
