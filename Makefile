# Set-up and the two commands of the README: `make run` and `make test`.
# Everything a fresh machine needs is installed here, into .venv, from the lock file.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
LOCK := requirements/lock.txt
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint lab lab-install lock clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	if $(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.4"; then \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) --compile-bytecode -r $(LOCK) -e '.[dev]'; \
	else \
	  $(PY) -m pip install --quiet --disable-pip-version-check -r $(LOCK) -e '.[dev]' \
	  && $(PY) -m compileall -q -j 0 $(VENV)/lib >/dev/null; \
	fi
	$(PY) -m compileall -q hongtonglib >/dev/null  # bytecode even where PYTHONDONTWRITEBYTECODE=1
	$(PY) -m hongtonglib.briefing.kernel >/dev/null
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/hongtong render --all

test: $(STAMP)
	$(PY) -m pytest

# The everyday loop: unit tests, conventions and doctests; no notebook execution and no
# subprocess (tests marked `integration` are left out), two workers. `make test` runs all.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not integration" -n 2 tests/unit tests/conventions hongtonglib

# ruff (lint and format) and the import contracts of pyproject.toml [tool.importlinter].
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# JupyterLab lives in its own environment: installed beside the rendering stack it would add
# ~1.2 s to every `import nbformat` (every papermill and nbconvert process). Its kernel is the
# project's `hongtong` kernel, which runs .venv's Python with hongtonglib.
# `make lab` starts it on the repository with the project's jupyter_server_config.py added to
# the config path (notebooks under notebooks/ are saved stripped of outputs; the user's own
# config still applies); LAB_ARGS passes options, e.g.
# `make lab LAB_ARGS="--no-browser --port 8899"`.
LAB_VENV ?= .venv-lab
LAB_ARGS ?=
lab-install: $(STAMP)
	test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(VENV)/bin/uv pip install --quiet --python $(LAB_VENV)/bin/python -r requirements/lab-lock.txt
	mkdir -p $(LAB_VENV)/share/jupyter/kernels
	cp -r $(VENV)/share/jupyter/kernels/hongtong $(LAB_VENV)/share/jupyter/kernels/

lab: lab-install
	JUPYTER_CONFIG_PATH="$(CURDIR)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  exec $(LAB_VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(LAB_ARGS)

lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o $(LOCK)

clean:
	rm -rf $(VENV) $(LAB_VENV) rendered .pytest_cache .cache
