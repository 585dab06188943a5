# vpnaudit: two commands on a fresh machine — `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLES := fixtures/examples

.PHONY: demo test bench docs clean venv

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "vpnaudit needs Python 3.11 or newer, and $(PYTHON) is " + sys.version.split()[0] + ": run make with PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	@echo "== vpnaudit lint $(EXAMPLES) =="
	@$(BIN)/vpnaudit lint $(EXAMPLES) || echo "(exit code $$? : findings at or above --fail-on; the demo configs are meant to have some)"
	@$(BIN)/vpnaudit lint $(EXAMPLES) --format sarif --output out/results.sarif --exit-zero
	@$(BIN)/vpnaudit lint $(EXAMPLES) --format html --output out/report.html --exit-zero
	@$(BIN)/vpnaudit lint $(EXAMPLES) --format markdown --output out/report.md --exit-zero
	@echo "== wrote out/results.sarif, out/report.html, out/report.md =="

test: $(STAMP)
	$(BIN)/ruff check vpnaudit tests bench
	$(BIN)/python -m pytest

bench: $(STAMP)  # bench/_common.py builds a throwaway non-editable install (with yamllint) under the temp folder
	$(BIN)/python bench/all.py
	$(BIN)/python bench/aws_concurrency.py

docs: $(STAMP)
	$(BIN)/python -m vpnaudit.docs docs/rules

clean:
	rm -rf $(VENV) out build *.egg-info
