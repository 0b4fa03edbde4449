# The two commands of the README: `make booklets` and `make test`.
# Both set up everything a fresh machine needs (a .venv, and as root the
# Debian packages the tests use), so nothing has to be installed by hand.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
# Test tools, as "command:Debian package": GNU gettext (oracle for catalogues),
# poppler (PDF checks), Chromium (browser tests), Java (the Nu Html Checker).
TOOLS   = msgfmt:gettext msgcat:gettext msgmerge:gettext pdftotext:poppler-utils \
          pdffonts:poppler-utils pdfinfo:poppler-utils pdftoppm:poppler-utils \
          chromium:chromium java:default-jre-headless npm:npm
# Libraries WeasyPrint renders with.
LIBS    = libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0

.PHONY: booklets test setup system-deps system-libs clean bench

booklets: $(STAMP)
	$(BIN)/booklet build

test: $(STAMP) system-deps node_modules/.installed
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-libs
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The Nu Html Checker and axe-core, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Install only what is missing (needs root, or sudo, on a machine that lacks it).
APT = if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

system-deps: system-libs
	@missing=""; \
	for pair in $(TOOLS); do command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	$(APT)

system-libs:
	@missing=""; \
	for pair in $(LIBS); do ldconfig -p | grep -q "$${pair%%:*}" || missing="$$missing $${pair#*:}"; done; \
	$(APT)

bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py

clean:
	rm -rf output .pytest_cache .booklet-cache
