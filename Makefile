# Two commands for a fresh machine with Python 3.11+ and make:
#   make run    create .venv, install, start the bot (`goyang-bot run`: the HTTP server `serve`
#               when KAKAO_SKILL_SECRET or TELEGRAM_WEBHOOK_URL is set, else Telegram polling
#               when TELEGRAM_BOT_TOKEN is set, else a chat in this terminal)
#   make test   create .venv, install with test extras, lint (ruff incl. complexity, import
#               layers, mypy --strict), run pytest
#   make test-pg  the whole pytest suite on a throwaway PostgreSQL (initdb in a temp folder,
#               a free port, stopped and deleted at the end; needs Debian's postgresql)
#   make test-browser   the staff console and web chat in a real headless Chromium (Debian's
#               chromium + chromium-driver + Korean and emoji fonts, apt-installed when missing)
# Both install the exact versions in constraints.txt (the ones the tests passed with).
#   make lock   re-resolve the newest versions pyproject.toml allows in a scratch venv, run
#               the lint and the tests there, and only if they pass rewrite constraints.txt
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
# `make lock` empties PIN to resolve afresh; every other install is pinned.
PIN ?= -c $(CONSTRAINTS)
LOCK_VENV := .venv-lock

BROWSER_PACKAGES := chromium chromium-driver fonts-nanum fonts-noto-color-emoji

.PHONY: run test test-pg lint bench clean lock test-browser browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(PIN) --upgrade pip

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIN) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIN) -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/goyang-bot run

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy --strict bot handlers content db

test: lint
	$(BIN)/python -m pytest

test-pg: $(VENV)/.installed-test
	$(BIN)/python -m tests.postgres.throwaway -- $(BIN)/python -m pytest -p no:randomly

# Debian's browser and its matching driver; never a browser download of a test tool's own.
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
	    || [ ! -d /usr/share/fonts/truetype/nanum ] \
	    || [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then \
	  echo "installing $(BROWSER_PACKAGES) (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $(BROWSER_PACKAGES) >/dev/null; \
	fi

test-browser: $(VENV)/.installed-test browser-deps
	$(BIN)/python -m pytest -m browser tests/browser

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

lock:
	rm -rf $(LOCK_VENV)
	$(MAKE) test VENV=$(LOCK_VENV) PIN=
	{ echo "# The versions \`make test\` passed with (written by \`make lock\`; see README)."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable \
	    | grep -v -E '^(setuptools|wheel)=='; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV)
	@echo "$(CONSTRAINTS) updated: review 'git diff $(CONSTRAINTS)', run 'make clean test', commit"

clean:
	rm -rf $(VENV) $(LOCK_VENV) var/*.sqlite3*
