# Luna: the astrology engine, its `luna` command and (next) the Rasa assistant.
# `make test` sets everything up on a fresh machine and runs every test; re-running
# it when nothing changed installs nothing.

PYTHON ?= python3.10
ACTIONS_VENV := .venvs/actions
ACTIONS_BIN := $(ACTIONS_VENV)/bin
STAMPS := .stamps
EPHE_PATH ?= $(or $(LUNA_EPHE_PATH),/usr/share/libswe/ephe)

.PHONY: install ephemeris test bench lint clean

install: $(STAMPS)/actions-venv ephemeris

# The action server's environment: the engine's pinned dependencies, the test tools,
# and Luna itself in editable mode (which installs the `luna` command).
$(STAMPS)/actions-venv: actions/requirements.txt requirements-dev.txt pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(ACTIONS_BIN)/python || $(PYTHON) -m venv $(ACTIONS_VENV)
	$(ACTIONS_BIN)/pip install --quiet --upgrade pip==24.0
	$(ACTIONS_BIN)/pip install --quiet -r actions/requirements.txt -r requirements-dev.txt
	$(ACTIONS_BIN)/pip install --quiet --no-deps -e . --config-settings editable_mode=compat
	touch $@

# The Swiss Ephemeris data files come from Debian's swe-basic-data package (or any
# directory named by LUNA_EPHE_PATH); without them Luna refuses to compute.
ephemeris:
	@scripts/install-ephemeris "$(EPHE_PATH)"

test: install
	$(ACTIONS_BIN)/pytest

bench: install
	$(ACTIONS_BIN)/python bench/bench_engine.py

lint: install
	$(ACTIONS_BIN)/ruff check actions tests bench

clean:
	rm -rf .venvs $(STAMPS)
