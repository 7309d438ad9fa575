# The course's commands. `make lab` and `make test` build the environment first when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: the course (what `make lab` needs) and the test tools (what `make test` adds).
STAMP := $(VENV)/.installed-course
TEST_STAMP := $(VENV)/.installed-test
UV_VERSION := 0.13.9
# A classroom without internet: `make wheelhouse` (on a connected machine) gathers every wheel
# into wheelhouse/; copy the course folder with it, and every install below uses it, offline.
WHEELHOUSE ?= $(wildcard wheelhouse)
OFFLINE := $(if $(WHEELHOUSE),--no-index --find-links $(WHEELHOUSE))
EXTRAS := jupyterlab-rise==0.43.1 jupyterlab-language-pack-zh-CN==4.5.post3
UV_INSTALL := $(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode $(OFFLINE)
# JupyterLab's settings for the course (no news pop-up, no update check), read from the
# environment's settings folder by every JupyterLab started from it.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_ARGS ?=
## `make lab COURSE_LANG=zh` opens the Chinese edition (notebooks/zh/).
COURSE_LANG ?= en
WELCOME := $(if $(filter zh,$(COURSE_LANG)),notebooks/zh/00_welcome.ipynb,notebooks/00_welcome.ipynb)
ZH_SETTINGS_DIR := $(VENV)/share/jupyter/lab/user-settings-zh
ZH_LAB_SETTINGS := $(ZH_SETTINGS_DIR)/@jupyterlab/translation-extension/plugin.jupyterlab-settings
LAB_ZH := $(if $(filter zh,$(COURSE_LANG)),--LabApp.user_settings_dir="$(CURDIR)/$(ZH_SETTINGS_DIR)")
# JupyterLab refuses to run as root (containers, some classroom images) unless told to.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST_ARGS ?=

.PHONY: lab test lint unit notebooks bench slides e2e build sync execute check lock data clean-env present-extras zh-ui wheelhouse hub hub-tools test-zh

$(STAMP): requirements.lock pyproject.toml course_lib/static/jupyterlab/overrides.json
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version.split()[0]'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(OFFLINE) uv==$(UV_VERSION)
	$(UV_INSTALL) -r requirements.lock
	$(UV_INSTALL) --no-deps -e .
	@mkdir -p $(dir $(LAB_SETTINGS))
	cp course_lib/static/jupyterlab/overrides.json $(LAB_SETTINGS)
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(UV_INSTALL) -r requirements-test.lock
	@touch $(TEST_STAMP)

## Set up (if needed) and open the course in JupyterLab, rooted at the course folder so that
## notebooks/, exercises/, solutions/ and work/ are all in its file browser.
lab: $(STAMP) $(if $(filter zh,$(COURSE_LANG)),$(ZH_LAB_SETTINGS))
	COURSE_LANG=$(COURSE_LANG) $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/$(WELCOME) $(ROOT_FLAG) $(LAB_ZH) $(LAB_ARGS)

## The Chinese course opens in a Chinese JupyterLab: the zh-CN language pack and user settings
## of its own that choose it (the English course keeps the trainee's usual settings).
$(ZH_LAB_SETTINGS): | zh-ui
	@mkdir -p $(dir $(ZH_LAB_SETTINGS))
	echo '{"locale": "zh_CN"}' > $(ZH_LAB_SETTINGS)

## Set up (if needed) and run the whole test suite: unit, property, sync and notebook tests.
##
## Budget (DESIGN.md §8): a warm `make test` takes at most 150 s on 2 cores. Measured on the
## course's 2-core machine (2026-12-02, 100 s in all), wall time with 2 workers:
##   nbval, notebooks/ and solutions/ (17 kernels, ~105 s of CPU)  ~ 55 s of the first run
##   unit, property, fuzz, doctest and sync tests (1,300+)         ~ 40 s of the first run
##   nbval-lax, exercises/ (9 kernels)                            ~ 17 s
##   pytest start-up and collection, two runs                     ~  7 s
##   headroom for new work                                        ~ 30 s
## Size new tests to fit: few derandomised property examples, shared fixtures, no second
## execution of a notebook that nbval already runs. The notebooks go first so that the
## longest files start early and the two workers finish together.
test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS) \
		--nbval notebooks solutions docs/instructor/class_progress.ipynb tests course_lib $(NO_ZH) \
		--nbval-sanitize-with tests/sanitize.cfg --nbval-current-env
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax exercises $(NO_ZH) --nbval-current-env $(PYTEST_ARGS)

## The Chinese edition's notebooks (notebooks/zh, solutions/zh, exercises/zh), built from the
## catalogues in i18n/ by `crm-course build`: nbval as for the English ones (`.ci/run` runs it;
## `make test` leaves them out to keep its budget).
NO_ZH := --ignore=notebooks/zh --ignore=solutions/zh --ignore=exercises/zh
test-zh: $(TEST_STAMP)
	$(BIN)/crm-course i18n check
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval notebooks/zh solutions/zh \
		--nbval-sanitize-with tests/sanitize.cfg --nbval-current-env $(PYTEST_ARGS)
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax exercises/zh --nbval-current-env $(PYTEST_ARGS)

## Lint and layering (part of `make test`): ruff's linter and formatter, and the import-linter
## contracts in pyproject.toml (data → analytics → simulation → presentation).
lint: $(TEST_STAMP)
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/lint-imports --no-cache

unit: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS) tests course_lib

notebooks: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval notebooks solutions $(NO_ZH) --nbval-sanitize-with tests/sanitize.cfg --nbval-current-env $(PYTEST_ARGS)

## Regenerate exercises/ and chapter navigation from solutions/ and the chapter list.
build: $(STAMP)
	$(BIN)/crm-course build

## After editing a chapter or solution as Markdown (or as a notebook outside JupyterLab):
## bring each pair into step (the newer side wins; outputs and cell ids stay), then
## regenerate exercises/ and navigation. See docs/authoring.md.
sync: $(STAMP)
	$(BIN)/crm-course sync

## Re-execute one notebook in place and keep its pair in step:
## make execute NB=notebooks/03_communication.ipynb
execute: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make execute NB=notebooks/03_communication.ipynb"; exit 2; }
	$(BIN)/python -m course_lib.notebook_tools execute $(NB)
	$(BIN)/crm-course build

check: $(STAMP)
	$(BIN)/crm-course check

## Regenerate the synthetic datasets (byte-identical for the same seed).
data: $(STAMP)
	$(BIN)/python -m course_lib.data
	$(BIN)/python -c "from course_lib.workbench.scores import write_scores; print('wrote', write_scores())"

bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

slides: $(STAMP)
	$(BIN)/crm-course slides

## Optional: present live from JupyterLab with RISE (pinned; not needed for the course itself).
present-extras: $(STAMP)
	$(UV_INSTALL) jupyterlab-rise==0.43.1

## Optional: JupyterLab's menus in Chinese (Settings → Language → 中文).
zh-ui: $(STAMP)
	$(UV_INSTALL) jupyterlab-language-pack-zh-CN==4.5.post3

## Gather every wheel the course needs (course, tests, the optional extras, the installers)
## into wheelhouse/ for a classroom without internet (this machine's platform, Python 3.11).
wheelhouse: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --wheel-dir wheelhouse \
		-r requirements-test.lock -r requirements-hub.lock $(EXTRAS) uv==$(UV_VERSION) "setuptools>=68" wheel pip

## A workshop's JupyterHub on this server (run as root): the hub's pinned extra, its proxy
## (configurable-http-proxy, from npm; Node.js from Debian's packages where it is missing),
## then `crm-course hub`. Options: make hub HUB_ARGS="--trainees 25 --ip 0.0.0.0"
HUB_STAMP := $(VENV)/.installed-hub
PROXY_VERSION := 5.3.0
PROXY := build/hub-proxy/node_modules/.bin/configurable-http-proxy
HUB_ARGS ?=

$(HUB_STAMP): $(STAMP) requirements-hub.lock
	$(UV_INSTALL) -r requirements-hub.lock
	@touch $(HUB_STAMP)

$(PROXY):
	@command -v npm >/dev/null 2>&1 || { \
		echo "Node.js and npm are missing: installing Debian's nodejs and npm with apt."; \
		$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --silent --no-audit --no-fund --prefix build/hub-proxy configurable-http-proxy@$(PROXY_VERSION)

hub-tools: $(HUB_STAMP) $(PROXY)

hub: hub-tools
	$(BIN)/crm-course hub $(HUB_ARGS)

e2e: $(TEST_STAMP) hub-tools
	$(BIN)/python -m pytest tests/e2e -p no:cacheprovider -o addopts="" $(PYTEST_ARGS)

## Re-resolve the pinned versions after changing pyproject.toml's dependencies.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 -o requirements.lock -q --custom-compile-command "make lock"
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 -c requirements.lock \
		-o requirements-test.lock -q --custom-compile-command "make lock"
	$(BIN)/uv pip compile pyproject.toml --extra hub --python-version 3.11 -c requirements-test.lock \
		-o requirements-hub.lock -q --custom-compile-command "make lock"
	$(PYTHON) tools/sync_environment.py

clean-env:
	rm -rf $(VENV)
