# The study's pipeline: data/raw/<study> -> data/processed/<study> -> reports/<study>.
# Every target names the files it makes, so a second `make all` with nothing changed does nothing.
# `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.SUFFIXES:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The parameters file: params.yaml, or another one (`make PARAMS=params.physio.yaml all`); every
# command and notebook make runs reads it (analysis.config.find_params: $ANALYSIS_PARAMS).
PARAMS ?= params.yaml
export ANALYSIS_PARAMS := $(abspath $(PARAMS))

# Study folder and output folders come from the parameters file (the one place they are set).
$(shell mkdir -p .make && $(PYTHON) scripts/make_vars.py $(PARAMS) > .make/vars.mk.tmp \
	&& (cmp -s .make/vars.mk.tmp .make/vars.mk || mv .make/vars.mk.tmp .make/vars.mk); rm -f .make/vars.mk.tmp)
include .make/vars.mk
RAW := $(RAW_ROOT)/$(STUDY)

# The raw study as one signature file (names, sizes, times): rewritten only when a raw file
# changes, so stages depend on it instead of on file names (which may hold spaces).
RAW_SIG := $(PROCESSED)/.raw-$(STUDY).sig
$(shell mkdir -p $(PROCESSED) && { find "$(RAW)" -type f -printf '%P\t%s\t%T@\n' 2>/dev/null | LC_ALL=C sort; } > $(RAW_SIG).tmp \
	&& (cmp -s $(RAW_SIG).tmp $(RAW_SIG) || mv $(RAW_SIG).tmp $(RAW_SIG)); rm -f $(RAW_SIG).tmp)

CODE := $(shell find src/analysis -name '*.py' -not -path '*/demo/*' 2>/dev/null)
ANALYSIS := $(BIN)/analysis

INGEST_OUT := $(PROCESSED)/segments.parquet $(PROCESSED)/ingest_report.json
TOPICS_OUT := $(PROCESSED)/topics/topics.parquet $(PROCESSED)/topics/assignments.parquet
EVAL_OUT := $(PROCESSED)/topics/evaluation.csv
COMPARE_OUT := $(PROCESSED)/compare/summary.json
PIPELINE_OUT := $(INGEST_OUT) $(TOPICS_OUT) $(EVAL_OUT) $(COMPARE_OUT)

# Notebook outputs (NOTEBOOK_OUT), their rules and the test browser.
include mk/notebooks.mk

.PHONY: help setup constraints all ingest topics compare paper test lint format lab bench clean distclean

help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'
	@echo "  study: $(STUDY) ($(PARAMS)), outputs: $(PROCESSED)/ and $(REPORTS)/"

setup: $(STAMP) ## create .venv and install the package and its tools (does nothing when up to date)

# torch first and pinned: an unpinned torch would pull a multi-GB CUDA build. Every package,
# transitive ones included, at the version in constraints.txt (what CI tested).
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

constraints: ## rewrite constraints.txt from .venv (to upgrade: change the pin in pyproject.toml, `.venv/bin/pip install -e '.[dev]'`, then this)
	$(BIN)/python scripts/constraints.py $(BIN)/python constraints.txt

all: $(STAMP) $(PIPELINE_OUT) $(NOTEBOOK_OUT) ## run the whole pipeline and the notebooks (figures, tables, blog post)

ingest: $(INGEST_OUT) ## read, pseudonymise and segment the study into data/processed/<study>

topics: $(TOPICS_OUT) $(EVAL_OUT) ## fit topics and score them against BERTopic defaults, LDA, NMF

compare: $(COMPARE_OUT) ## agreement, codes vs topics, groups, codebook versions, assisted coding

paper: $(NOTEBOOK_OUT) ## build reports/<study>/paper/paper.pdf from what `make all` wrote, when a LaTeX engine is installed
	$(BIN)/python -m analysis.paper build $(REPORTS)/paper

$(INGEST_OUT) &: $(RAW_SIG) $(PARAMS) $(CODE) $(STAMP)
	$(ANALYSIS) ingest

$(TOPICS_OUT) &: $(INGEST_OUT) $(PARAMS) $(CODE)
	$(ANALYSIS) topics

$(EVAL_OUT): $(INGEST_OUT) $(PARAMS) $(CODE)
	$(ANALYSIS) evaluate-topics

$(COMPARE_OUT): $(INGEST_OUT) $(TOPICS_OUT) $(PARAMS) $(CODE)
	$(ANALYSIS) compare

test: $(STAMP) ## ruff (format and lint), then the whole test suite, slow tests included
	$(BIN)/ruff format --check src tests scripts benchmarks notebooks
	$(BIN)/ruff check src tests scripts benchmarks notebooks
	$(BIN)/pytest

format: $(STAMP) ## format and fix what ruff can
	$(BIN)/ruff format src tests scripts benchmarks notebooks
	$(BIN)/ruff check --fix src tests scripts benchmarks notebooks

lab: $(STAMP) ## open the notebooks in JupyterLab (a notebook's .py opens as a notebook)
	$(NOTEBOOK_ENV) $(BIN)/jupyter lab $(LAB_ARGS)

bench: $(STAMP) ## speed, memory and quality benchmarks (prints a table, writes reports/benchmarks/)
	$(BIN)/python benchmarks/run.py

clean: ## remove what was derived from the study (data/processed/<study>, reports/<study>); keeps .venv and data/raw
	rm -rf $(PROCESSED) $(REPORTS) .make

distclean: clean ## also remove the virtual environment
	rm -rf $(VENV)
