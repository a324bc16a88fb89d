# Two commands for a fresh machine with Python 3.11+ and make:
#   make run    create .venv, install, start the bot (`goyang-bot run`: the HTTP server `serve`
#               when KAKAO_SKILL_SECRET or TELEGRAM_WEBHOOK_URL is set, else Telegram polling
#               when TELEGRAM_BOT_TOKEN is set, else a chat in this terminal)
#   make test   create .venv, install with test extras, lint (ruff incl. complexity, import
#               layers, mypy --strict), run pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/goyang-bot run

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy --strict bot handlers content db

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/*.sqlite3*
