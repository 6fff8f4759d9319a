# The two commands: `make site` builds the site, `make test` runs every test.
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Zensical, installed beside the pinned packages for ENGINE=zensical and for the test
# that builds the same site with it (tests/test_site_source.py).
ZENSICAL_STAMP := $(VENV)/.zensical
# What builds the site source: mkdocs (default) or zensical (installed on first use).
ENGINE ?= mkdocs

.PHONY: site test test-fast serve check update bench bench-repair bench-unseen clean browser help audit audit-tools

help:
	@echo "make site    build the site from input/ into site/ (ENGINE=zensical builds it with Zensical)"
	@echo "make test    run every test (installs Chromium for browser tests if missing)"
	@echo "make serve   live preview on http://127.0.0.1:8000"
	@echo "make check   parse the inputs and report, write nothing"
	@echo "make update  fetch the feeds of input/sources.yml and store new episodes"
	@echo "make bench   build archives of 20, 200 and 1,000 talks and print the figures"
	@echo "make bench-unseen  measure fidelity on the dev/test corpus and the bundled dump"
	@echo "make clean   remove the built site and generated files"
	@echo "make audit   run the W3C checker, axe-core, Lighthouse and Chromium's caption parser on the built site"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	# Put the project on the venv's path (no build step): `generator` imports from anywhere.
	$(BIN)/python -c "import os, site; open(os.path.join(site.getsitepackages()[0], 'talks-site.pth'), 'w').write(os.getcwd() + '\\n')"
	touch $@

$(ZENSICAL_STAMP): requirements-zensical.txt $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-zensical.txt
	touch $@

site: $(STAMP) $(if $(filter zensical,$(ENGINE)),$(ZENSICAL_STAMP))
	$(BIN)/python -m generator build --engine $(ENGINE)

check: $(STAMP)
	$(BIN)/python -m generator check

update: $(STAMP)
	$(BIN)/python -m generator update

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

test: $(STAMP) $(ZENSICAL_STAMP) browser
	$(BIN)/python -m pytest -m "not audit"

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow and not audit"

bench: $(STAMP)
	$(BIN)/python -m generator bench

bench-repair: $(STAMP)
	$(BIN)/python -m generator.repair.roundtrip

bench-unseen: $(STAMP)
	$(BIN)/python -m generator.bench_unseen

clean:
	rm -rf site build .pytest_cache test-artifacts

# The audit runs tools nobody here wrote (tests/audit/package.json, pinned by its lock file):
# the W3C Nu HTML Checker (needs a JRE), axe-core and Lighthouse in Debian's Chromium.
AUDIT_TOOLS := tests/audit/node_modules/.installed

# $(call need,COMMAND,DEBIAN PACKAGES,WHAT FOR): install the packages when COMMAND is missing and we are root.
need = command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $(2) for $(3)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "$(3) needs $(2): apt-get install $(2)"; exit 1; \
	  fi; }

$(AUDIT_TOOLS): tests/audit/package.json tests/audit/package-lock.json
	@$(call need,java,default-jre-headless,the W3C checker)
	@$(call need,npm,nodejs npm,the audit tools)
	# --ignore-scripts: vnu-jar's install script would download a JDK; we use the system's.
	cd tests/audit && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

audit-tools: $(AUDIT_TOOLS)

audit: $(STAMP) browser $(AUDIT_TOOLS)
	$(BIN)/python -m pytest -m audit tests/audit
