# The two commands of the README: `make booklets` and `make test`.
# Both set up everything a fresh machine needs (a .venv, and as root the
# Debian packages the tests use), so nothing has to be installed by hand.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
# Debian packages: GNU gettext (oracle for catalogues), poppler (PDF checks),
# Chromium (browser tests), and the Pango stack WeasyPrint renders with.
DEBS    = gettext poppler-utils chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

.PHONY: booklets test setup system-deps clean bench

booklets: $(STAMP)
	$(BIN)/booklet build

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Installs only what is missing; needs root (or sudo) on a machine that lacks them.
system-deps:
	@missing=""; \
	for pkg in $(DEBS); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

clean:
	rm -rf output .pytest_cache
