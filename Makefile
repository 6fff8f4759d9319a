# The two commands: `make site` builds the site, `make test` runs every test.
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# What builds the site source: mkdocs (default) or zensical (installed on first use).
ENGINE ?= mkdocs

.PHONY: site test test-fast serve check bench bench-repair clean browser help

help:
	@echo "make site    build the site from input/ into site/ (ENGINE=zensical builds it with Zensical)"
	@echo "make test    run every test (installs Chromium for browser tests if missing)"
	@echo "make serve   live preview on http://127.0.0.1:8000"
	@echo "make check   parse the inputs and report, write nothing"
	@echo "make bench   build archives of 20, 200 and 1,000 talks and print the figures"
	@echo "make clean   remove the built site and generated files"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	# Put the project on the venv's path (no build step): `generator` imports from anywhere.
	$(BIN)/python -c "import os, site; open(os.path.join(site.getsitepackages()[0], 'talks-site.pth'), 'w').write(os.getcwd() + '\\n')"
	touch $@

site: $(STAMP)
ifeq ($(ENGINE),zensical)
	$(BIN)/python -m pip install --quiet -r requirements-zensical.txt
endif
	$(BIN)/python -m generator build --engine $(ENGINE)

check: $(STAMP)
	$(BIN)/python -m generator check

serve: site
	$(BIN)/python -m mkdocs serve --config-file build/generated/mkdocs.yml --dev-addr 127.0.0.1:8000

# Browser tests drive Debian's Chromium; install it when it is missing and we can.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "browser tests need Chromium: install Debian's 'chromium' package (apt-get install chromium)"; exit 1; \
	  fi; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

bench: $(STAMP)
	$(BIN)/python -m generator bench

bench-repair: $(STAMP)
	$(BIN)/python -m generator.repair.roundtrip

clean:
	rm -rf site build .pytest_cache test-artifacts
