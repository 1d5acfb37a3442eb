# Notebooks -> reports: every figure and table of the paper and the blog post.
# Included at the end of the Makefile; uses its BIN, STAMP, CODE, PROCESSED, REPORTS and the
# pipeline's outputs (INGEST_OUT, TOPICS_OUT, EVAL_OUT, COMPARE_OUT, PIPELINE_OUT).
#
# Each notebooks/NN_name.py (jupytext percent format, the committed source) is converted to
# .ipynb, executed by papermill with the parameters of params.yaml, stripped of what changes
# between runs (analysis.reports strip) and written to reports/notebooks/NN_name.ipynb, with the
# notebook's manifest (NN_name.manifest.json: every figure and table it wrote, with captions and
# inputs) beside it; nbconvert renders it as NN_name.html. reports/README.md lists everything the
# manifests hold. A notebook reruns only when its .py, params.yaml, the package or the pipeline
# outputs it reads change.

NOTEBOOK_SRC := $(sort $(wildcard notebooks/[0-9][0-9]_*.py))
NOTEBOOK_NAMES := $(basename $(notdir $(NOTEBOOK_SRC)))
NB_OUT := $(REPORTS)/notebooks
NOTEBOOK_IPYNB := $(NOTEBOOK_NAMES:%=$(NB_OUT)/%.ipynb)
NOTEBOOK_HTML := $(NOTEBOOK_NAMES:%=$(NB_OUT)/%.html)
NOTEBOOK_MANIFESTS := $(NOTEBOOK_NAMES:%=$(NB_OUT)/%.manifest.json)
REPORTS_README := $(REPORTS)/README.md
#: Everything the notebooks make that make tracks (add to `all`).
NOTEBOOK_OUT := $(NOTEBOOK_IPYNB) $(NOTEBOOK_HTML) $(REPORTS_README)

#: JupyterLab's settings for `make lab` (serve the project root, open .py notebooks as notebooks).
LAB_ARGS := --config=.jupyter/jupyter_lab_config.py
HTML_TEMPLATE := .jupyter/nbconvert/offline.html.j2
CHROMIUM ?= /usr/bin/chromium

# Progress bars and their timings would make executed notebooks differ run to run; tqdm warns
# that ipywidgets is missing, naming a path in the virtual environment.
NOTEBOOK_ENV := TQDM_DISABLE=1 HF_HUB_DISABLE_PROGRESS_BARS=1 TRANSFORMERS_VERBOSITY=error \
	PYTHONWARNINGS="ignore:IProgress not found" PYDEVD_DISABLE_FILE_VALIDATION=1

# What each notebook reads (besides its source, params.yaml and the package).
$(NB_OUT)/01_corpus.ipynb: $(INGEST_OUT)
$(NB_OUT)/02_topics.ipynb: $(INGEST_OUT) $(TOPICS_OUT) $(EVAL_OUT)
$(NB_OUT)/03_codebook.ipynb: $(INGEST_OUT) $(TOPICS_OUT) $(COMPARE_OUT)
$(NB_OUT)/04_events.ipynb: $(INGEST_OUT)
$(NB_OUT)/05_blog_post.ipynb: $(INGEST_OUT) $(COMPARE_OUT) $(NB_OUT)/04_events.ipynb
$(NB_OUT)/06_paper.ipynb: $(INGEST_OUT) $(TOPICS_OUT) $(COMPARE_OUT) $(NB_OUT)/01_corpus.ipynb \
	$(NB_OUT)/02_topics.ipynb $(NB_OUT)/03_codebook.ipynb

.PHONY: notebooks notebook-inputs chromium

notebooks: $(NOTEBOOK_OUT) ## run the notebooks: figures, tables, blog post, reports/README.md

notebook-inputs: $(STAMP) $(PIPELINE_OUT)

# A pattern rule with two targets makes both in one run. A failed run leaves
# $(NB_OUT)/NN_name.run.ipynb (with the error in it) for a look.
$(NB_OUT)/%.ipynb $(NB_OUT)/%.manifest.json: notebooks/%.py $(PARAMS) $(CODE) $(STAMP)
	@mkdir -p $(NB_OUT)
	$(BIN)/jupytext --quiet --to ipynb --output $(NB_OUT)/$*.input.ipynb $<
	$(NOTEBOOK_ENV) $(BIN)/papermill --no-progress-bar --log-level WARNING -k python3 --cwd . \
		$$($(BIN)/python -m analysis.reports parameters) \
		$(NB_OUT)/$*.input.ipynb $(NB_OUT)/$*.run.ipynb
	$(BIN)/python -m analysis.reports strip $(NB_OUT)/$*.run.ipynb $(NB_OUT)/$*.ipynb
	@rm -f $(NB_OUT)/$*.input.ipynb $(NB_OUT)/$*.run.ipynb

$(NB_OUT)/%.html: $(NB_OUT)/%.ipynb $(HTML_TEMPLATE) $(STAMP)
	$(BIN)/jupyter nbconvert --to html --template-file $(HTML_TEMPLATE) --log-level WARN \
		--output-dir $(NB_OUT) --output $* $<

$(REPORTS_README): $(NOTEBOOK_MANIFESTS) $(STAMP)
	$(BIN)/python -m analysis.reports readme $(REPORTS) $(NOTEBOOK_MANIFESTS)

# Headless Chromium for the notebook tests (screenshots of the HTML renders and views).
chromium: $(CHROMIUM) ## install headless Chromium for the tests (apt-get, as root)

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "Chromium is missing: install it (Debian/Ubuntu: sudo apt-get install chromium)" \
			"or the browser tests of tests/test_notebooks.py are skipped."; \
	fi

test: $(CHROMIUM)
