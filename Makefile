# The README's commands. `make run` serves the demo school on SQLite; `make test` runs the whole suite
# (on PostgreSQL when DATABASE_URL is set). mypy reads its files and strictness from pyproject.toml.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: run test lint format messages translations bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

messages: $(STAMP)
	$(MANAGE) compilemessages --ignore=$(VENV) -v0

# The browser tests' accessibility checker (axe-core, from npm's registry; package-lock.json pins it).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(AXE)

run: $(STAMP) messages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_demo --if-empty
	@# The task worker (e-mail, the daily sweep) beside the web server; both stop together (Ctrl-C).
	@# Today's reminders now (a second run the same day sends nothing), the next at 07:00 on the queue.
	$(MANAGE) send_reminders
	$(MANAGE) send_reminders --schedule
	$(MANAGE) clean_files --schedule
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) db_worker --no-startup-delay & worker=$$!; \
	$(MANAGE) runserver 127.0.0.1:8000

test: $(STAMP) messages $(AXE)
	$(MANAGE) makemigrations --check --dry-run -v1
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/djlint templates --lint

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After adding or changing translatable strings: update the catalogues, then translate what is new.
translations: $(STAMP)
	$(MANAGE) makemessages -l ky -l ru --ignore=$(VENV) --ignore=tests --no-location --no-obsolete
	$(MANAGE) compilemessages --ignore=$(VENV) -v0

# Load benchmark on PostgreSQL under gunicorn (see bench/run.py for its options).
bench: $(STAMP) messages
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The README's screenshots (docs/screenshots/): the demo in Kyrgyz on a laptop and a phone.
screenshots: $(STAMP)
	$(BIN)/python bench/screenshots.py

clean:
	rm -rf $(VENV) node_modules staticfiles .coverage htmlcov
