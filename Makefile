# Dân Nguyện — everyday commands. Only Python 3.11 with pip is assumed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := dannguyen.settings

.PHONY: install run test lint typecheck translations-check translations messages reset-db browser-deps

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/python -m dannguyen.lib.translations compile

run: install
	$(BIN)/dannguyen migrate --no-input
	$(BIN)/dannguyen seed_demo
	$(BIN)/dannguyen runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy dannguyen

translations-check: install
	$(BIN)/dannguyen check_translations

# Refresh the catalogue after changing user-facing strings, then translate the new entries.
messages: install
	$(BIN)/dannguyen makemessages -l vi --no-location --no-obsolete -i ".venv/*" -i "build/*"
	$(BIN)/python -m dannguyen.lib.translations compile

# One worker per core (pytest-xdist): the suite is CPU-bound, and CI must run it on both
# engines within its time limit. TEST_WORKERS=0 runs it in one process. Tests are handed
# out one by one in pytest-django's order, transactional tests last: a worker that took a
# whole module at a time (--dist loadscope) flushed the data the migrations seed (roles,
# reference data) in the middle of the run, and the modules after it failed.
TEST_WORKERS ?= auto
test: lint typecheck translations-check
	$(BIN)/dannguyen makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS)

reset-db: install
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	$(BIN)/dannguyen migrate --no-input
	$(BIN)/dannguyen seed_demo
