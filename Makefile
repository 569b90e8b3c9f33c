# Luna: a Rasa 3.6 assistant (.venvs/rasa) with its action server and astrology engine
# (.venvs/actions). `make run` and `make test` set everything up on a fresh machine;
# re-running them when nothing changed installs and trains nothing.

PYTHON ?= python3.10
PORT ?= 5005
ACTIONS_PORT ?= 5055
ACTIONS_BIN := .venvs/actions/bin
RASA_BIN := .venvs/rasa/bin
STAMPS := .stamps
MODEL := models/luna.tar.gz
EPHE_PATH ?= $(or $(LUNA_EPHE_PATH),/usr/share/libswe/ephe)
NLU_DATA := $(shell find data/nlu -name '*.yml' 2>/dev/null)
TRAINING_DATA := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)
# The place ruler Rasa's SpacyNLP loads (config.yml): gazetteer names minus the ordinary
# words of our own training data, so it is rebuilt when data/nlu changes.
SPACY_PLACES := models/spacy_places
PLACE_NAMES := models/place_names.txt
# Debian's wamerican: one-word town names that are English words ("Buy", "Police") are left out.
ENGLISH_WORDS ?= /usr/share/dict/words

export PORT ACTIONS_PORT

.PHONY: install ephemeris train run actions shell validate test test-unit test-conversations \
        crossval bench lint clean places lock audit \
        telegram-set-webhook telegram-delete-webhook telegram-info telegram-polling \
        prod-local prod-stop

install: $(STAMPS)/actions-venv $(STAMPS)/rasa-venv ephemeris

# Both environments install from lock files: every package pinned with its hashes, so an
# install is the same everywhere and a tampered download is refused. The lock files are
# generated from the human-edited pins (actions/requirements.txt, requirements-dev.txt,
# pyproject.toml; requirements-rasa.txt) by `make lock`; tests/test_dependency_locks.py
# fails when a pin was edited without regenerating.
ACTIONS_LOCK := actions/requirements.lock
RASA_LOCK := requirements-rasa.lock

# The action server's environment: current SQLAlchemy, the engine's dependencies, the
# test tools, and Luna in editable mode (which installs the `luna` command).
$(STAMPS)/actions-venv: $(ACTIONS_LOCK) pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(ACTIONS_BIN)/python || $(PYTHON) -m venv .venvs/actions
	$(ACTIONS_BIN)/pip install --quiet --upgrade pip==26.3
	$(ACTIONS_BIN)/pip install --quiet --require-hashes -r $(ACTIONS_LOCK)
	$(ACTIONS_BIN)/pip install --quiet --no-deps -e . --config-settings editable_mode=compat
	touch $@

# Rasa's environment: Rasa pins old libraries, so it lives apart from the actions.
$(STAMPS)/rasa-venv: $(RASA_LOCK)
	@mkdir -p $(STAMPS)
	test -x $(RASA_BIN)/python || $(PYTHON) -m venv .venvs/rasa
	$(RASA_BIN)/pip install --quiet --upgrade pip==26.3
	$(RASA_BIN)/pip install --quiet --require-hashes -r $(RASA_LOCK)
	touch $@

# Regenerate both lock files after editing a pin (uv, pinned in requirements-dev.txt).
# Versions already locked are kept unless a pin asks otherwise; add --upgrade-package NAME
# to LOCK_FLAGS to move one package.
LOCK_FLAGS ?=
UV_COMPILE = $(ACTIONS_BIN)/uv pip compile --quiet --generate-hashes --python-version 3.10 \
	--python-platform x86_64-manylinux_2_17 --annotation-style line --custom-compile-command "make lock" $(LOCK_FLAGS)
lock: $(STAMPS)/actions-venv
	$(UV_COMPILE) -o $(ACTIONS_LOCK) pyproject.toml actions/requirements.txt requirements-dev.txt
	$(UV_COMPILE) -o $(RASA_LOCK) requirements-rasa.txt

# Known advisories in both lock files (pip-audit against PyPI's advisory data); fails on any
# not listed, with its reason, in security/audit-ignore.txt, and on packages the service
# gave no answer for. `make test` passes AUDIT_FLAGS=--allow-unaudited: there an unreachable
# service is reported, not a failure.
AUDIT_FLAGS ?=
audit: $(STAMPS)/actions-venv
	$(ACTIONS_BIN)/python security/audit.py $(AUDIT_FLAGS) $(ACTIONS_LOCK) $(RASA_LOCK)

# The Swiss Ephemeris data files come from Debian's swe-basic-data package (or any
# directory named by LUNA_EPHE_PATH); without them Luna refuses to compute.
ephemeris:
	@scripts/install-ephemeris "$(EPHE_PATH)"

$(PLACE_NAMES): scripts/export_place_names.py $(STAMPS)/actions-venv
	@mkdir -p $(dir $@)
	$(ACTIONS_BIN)/python scripts/export_place_names.py $@ --alternates-from 1000000

$(SPACY_PLACES)/meta.json: $(PLACE_NAMES) scripts/build_spacy_places.py $(NLU_DATA) $(STAMPS)/rasa-venv
	@test -f $(ENGLISH_WORDS) || { echo "$(ENGLISH_WORDS) is missing: apt-get install wamerican (or set ENGLISH_WORDS)"; exit 1; }
	$(RASA_BIN)/python scripts/build_spacy_places.py $(PLACE_NAMES) $(SPACY_PLACES) --english-words $(ENGLISH_WORDS)
	touch $@

places: $(SPACY_PLACES)/meta.json

# Retrain only when the training data, domain or pipeline changed.
$(MODEL): $(TRAINING_DATA) $(SPACY_PLACES)/meta.json $(STAMPS)/rasa-venv
	$(RASA_BIN)/rasa train --fixed-model-name luna --out models
	touch $@

train: $(MODEL)

run: install $(MODEL)
	@scripts/run-luna

actions: install
	@scripts/run-luna actions

shell: install $(MODEL)
	@scripts/run-luna shell

validate: $(STAMPS)/rasa-venv
	$(RASA_BIN)/rasa data validate --fail-on-warnings

test: install $(MODEL)
	$(MAKE) --no-print-directory validate
	$(ACTIONS_BIN)/pytest
	$(MAKE) --no-print-directory test-conversations
	$(MAKE) --no-print-directory audit AUDIT_FLAGS=--allow-unaudited

test-unit: $(STAMPS)/actions-venv ephemeris
	$(ACTIONS_BIN)/pytest -m "not servers"

test-conversations: install $(MODEL)
	@scripts/test-conversations

crossval: $(STAMPS)/rasa-venv $(SPACY_PLACES)/meta.json
	$(RASA_BIN)/rasa test nlu --nlu data/nlu --cross-validation --folds 5 --out results/crossval

bench: install
	$(ACTIONS_BIN)/python bench/bench_engine.py

# Telegram's side of the channel (channels/telegram/admin.py), from TELEGRAM_TOKEN,
# TELEGRAM_WEBHOOK_URL and TELEGRAM_SECRET_TOKEN. Neither the token nor the secret is printed.
# DROP_PENDING=1 drops the updates Telegram is holding (set-webhook, delete-webhook).
telegram-set-webhook: $(STAMPS)/rasa-venv
	$(RASA_BIN)/python -m channels.telegram.admin set-webhook $(if $(DROP_PENDING),--drop-pending)

telegram-delete-webhook: $(STAMPS)/rasa-venv
	$(RASA_BIN)/python -m channels.telegram.admin delete-webhook $(if $(DROP_PENDING),--drop-pending)

telegram-info: $(STAMPS)/rasa-venv
	$(RASA_BIN)/python -m channels.telegram.admin info

# Luna as `make run` runs it, with the Telegram channel fetching updates by long polling
# (getUpdates) instead of a webhook: a real bot from a laptop without public HTTPS.
telegram-polling: install $(MODEL)
	@test -n "$$TELEGRAM_TOKEN" || { echo "Set TELEGRAM_TOKEN (from @BotFather) first."; exit 1; }
	TELEGRAM_POLLING=1 scripts/run-luna

# The production-like topology on 127.0.0.1 (scripts/prod_local.py): PostgreSQL, Redis,
# PROD_REPLICAS (2) action servers and Rasa servers, nginx at 127.0.0.1:$${PROD_PORT:-8080};
# returns once every process is ready. Runs in $${PROD_DIR:-.prod}; `make prod-stop` stops
# everything it started. Settings and ports: README, "Production on one machine".
prod-local: install $(MODEL)
	@scripts/prod-local up

prod-stop:
	@scripts/prod-local down

lint: $(STAMPS)/actions-venv
	$(ACTIONS_BIN)/ruff check luna actions tests bench stores nlu rasa_sdk_plugins scripts security channels deploy

clean:
	rm -rf .venvs $(STAMPS) models results
