# The two commands of the README: `make booklets` and `make test`.
# Both set up everything a fresh machine needs (a .venv, and as root the
# Debian packages the tests use), so nothing has to be installed by hand.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
# Every Python dependency, runtime and test, at an exact version with its
# hashes. `make lock` refreshes it from the ranges in pyproject.toml, and
# writes the same resolution as PEP 751's pylock.toml (the standard lock,
# which uv and other installers read; pip cannot install from it yet, so
# the venv is made from requirements.txt; tests/test_lock.py holds the two
# to the same versions and hashes).
LOCK    = requirements.txt
PYLOCK  = pylock.toml
# The tool that writes the lock, itself pinned; only `make lock` needs it.
UV      = uv==0.13.9
# Test tools, as "command:Debian package": GNU gettext (oracle for catalogues),
# poppler (PDF checks), Chromium (browser tests), Java (the Nu Html Checker).
TOOLS   = msgfmt:gettext msgcat:gettext msgmerge:gettext msginit:gettext pdftotext:poppler-utils \
          pdffonts:poppler-utils pdfinfo:poppler-utils pdftoppm:poppler-utils \
          chromium:chromium java:default-jre-headless npm:npm
# Libraries WeasyPrint renders with.
LIBS    = libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0
# The default faces PyPI has no fontpkg wheel of, as "file:Debian package"
# (pipeline/render/fonts.py, DEFAULT_FONTS): Noto Serif CJK, Noto Color Emoji,
# and Hebrew, Devanagari, Thai, symbols and mathematics from fonts-noto-core.
NOTO    = /usr/share/fonts
FONTS   = $(NOTO)/opentype/noto/NotoSerifCJK-Regular.ttc:fonts-noto-cjk \
          $(NOTO)/truetype/noto/NotoColorEmoji.ttf:fonts-noto-color-emoji \
          $(NOTO)/truetype/noto/NotoSerifHebrew-Regular.ttf:fonts-noto-core
# The press variant's CMYK profiles (pdf-variant = "pdf/x-4"; pipeline/render/profiles.py),
# as "file:Debian package": Fogra's FOGRA39 data and ArgyllCMS's colprof, which
# make the default one (PRESS_PROFILE, below), and Ghostscript's SWOP profile.
PROFILES = /usr/share/color/icc/FOGRA39L.ti3:icc-profiles-free /usr/bin/colprof:argyll \
           /usr/share/color/icc/ghostscript/default_cmyk.icc:libgs-common
# The FOGRA39 profile made from that data (28 s of one core), in the venv, made again with it.
# (where render/profiles.py's FOGRA39_PROFILE is: the module writes it there by itself)
PRESS_PROFILE = $(VENV)/share/booklet/FOGRA39L-booklet.icc

.PHONY: booklets test test-latest lock setup system-deps system-libs clean bench

booklets: $(STAMP) system-libs $(PRESS_PROFILE)
	$(BIN)/booklet build

test: $(STAMP) system-deps node_modules/.installed $(PRESS_PROFILE)
	$(BIN)/python -m pytest

$(PRESS_PROFILE): $(STAMP) | system-libs
	$(BIN)/python -m pipeline.render.profiles

setup: $(STAMP)

# From the lock only: --require-hashes refuses anything unpinned or altered,
# and --no-deps with --no-build-isolation keeps pip from resolving (or
# fetching a build backend) on its own. setuptools, the build backend, is in
# the lock for that reason.
$(STAMP): pyproject.toml $(LOCK)
	@$(MAKE) --no-print-directory system-libs
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The newest versions pyproject.toml allows, in a venv of their own: what a
# user who installs booklet as a library gets today. Run before a release and
# after every `make lock`.
LATEST = .venv-latest
test-latest: system-deps node_modules/.installed
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --upgrade pip
	$(LATEST)/bin/pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/pip list --format=freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/python -m pipeline.render.profiles
	$(LATEST)/bin/python -m pytest

# Refresh the lock from pyproject.toml's ranges (newest allowed versions,
# hashes for every platform, Python 3.11 and later).
lock:
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/pip install --quiet '$(UV)'
	echo 'setuptools>=68' | .venv-tools/bin/uv pip compile pyproject.toml - \
	  --extra test --generate-hashes --universal --python-version 3.11 \
	  --no-header --quiet --output-file $(LOCK)
	.venv-tools/bin/uv pip compile $(LOCK) --generate-hashes --universal --python-version 3.11 \
	  --no-header --quiet --format pylock.toml --output-file $(PYLOCK)

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
	for pair in $(FONTS) $(PROFILES); do [ -f "$${pair%%:*}" ] || missing="$$missing $${pair#*:}"; done; \
	$(APT)

bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py

clean:
	rm -rf output .pytest_cache .booklet-cache .venv-latest .venv-tools
