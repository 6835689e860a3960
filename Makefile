# Set-up and the two commands of the README: `make run` and `make test`.
# Everything a fresh machine needs is installed here, into .venv, from the lock file.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
LOCK := requirements/lock.txt
STAMP := $(VENV)/.installed

.PHONY: install run test lint lab lock clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	if $(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.4"; then \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) --compile-bytecode -r $(LOCK) -e '.[dev]'; \
	else \
	  $(PY) -m pip install --quiet --disable-pip-version-check -r $(LOCK) -e '.[dev]' \
	  && $(PY) -m compileall -q -j 0 $(VENV)/lib >/dev/null; \
	fi
	$(PY) -m hongtonglib.briefing.kernel >/dev/null
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/hongtong render --all

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

lab: $(STAMP)
	$(VENV)/bin/uv pip install --python $(PY) -e '.[lab]'

lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o $(LOCK)

clean:
	rm -rf $(VENV) rendered .pytest_cache
