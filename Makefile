# resetsim: two commands to get going.
#   make run   -> create .venv, install resetsim, run the main job on the default scenario
#   make test  -> install test dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= results
ASSETS ?= .solara-assets

.PHONY: run test lint bench clean venv install install-test assets dashboard validate \
	compare-v010 mutation mutation-sample cases robustness calibrate-abc calibrate-null \
	forecast-abc sensitivity validate-page mutant-page

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[analysis,dask]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[all]"
	@touch $(VENV)/.installed $@

venv: $(BIN)/python
install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/resetsim main --out $(OUT)

assets: | $(BIN)/python
	$(BIN)/python scripts/install_solara_assets.py $(ASSETS)

test: install-test assets
	$(BIN)/ruff check resetsim tests benchmarks scripts
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: install-test
	$(BIN)/ruff check resetsim tests benchmarks scripts

bench: install-test
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_batch_rounds.py
	$(BIN)/python benchmarks/bench_vs_batch_run.py

# Mutation testing of resetsim/agents and resetsim/model against tests/unit (mutmut 3).
# MUTANTS narrows the run to name patterns, e.g. MUTANTS='resetsim.agents.*'.
MUTANTS ?=
mutation: install-test
	$(BIN)/python -m pip install --quiet -e ".[mutation]"
	$(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/python scripts/mutation_score.py

# The same score estimated from a seeded random sample of SIZE mutants, with a 95% interval.
SIZE ?= 400
mutation-sample: install-test
	$(BIN)/python -m pip install --quiet -e ".[mutation]"
	$(BIN)/python scripts/mutation_sample.py --size $(SIZE) --max-children 2

compare-v010: install-test
	$(BIN)/python scripts/compare_v010.py --from-git

dashboard: install-test assets
	$(BIN)/resetsim dashboard

# The validation page, end to end: Sobol sensitivity on obama-2009 and the generative
# history (event severity scale and phase thresholds among the inputs), the grid calibration
# of the public, ABC-SMC on calibration seeds (>= 100000) with its posterior-predictive
# check, the trump-2017-generative forecast drawn from the posterior (seeds from 7000), then
# every pattern beside the null model and placebo calendars on the page's seeds (0-99) and
# the pattern checks. Sizes fit 2 cores.
ABC_POPULATION ?= 1000
ABC_GENERATIONS ?= 4
ABC_MINUTES ?= 100
ABC_RUNS ?= 6
ABC_PREDICTIVE ?= 200
FORECAST_DRAWS ?= 200
SOBOL_N ?= 128
SOBOL_HISTORY_N ?= 128
SOBOL_HISTORY_SEEDS ?= 4
MECHANISM_SEEDS ?= 100
calibrate-abc: install
	nice -n 10 $(BIN)/resetsim calibrate --method abc --population $(ABC_POPULATION) \
		--generations $(ABC_GENERATIONS) --max-minutes $(ABC_MINUTES) --seeds $(ABC_RUNS) --workers 2 \
		--predictive $(ABC_PREDICTIVE) --out $(OUT)/abc

forecast-abc: install
	rm -rf $(OUT)/trump-posterior
	nice -n 10 $(BIN)/resetsim batch trump-2017-generative --posterior $(OUT)/abc/posterior.csv \
		--draws $(FORECAST_DRAWS) --seeds 2 --base-seed 7000 --workers 2 --quiet \
		--out $(OUT)/trump-posterior
	$(BIN)/python scripts/forecast_from_posterior.py $(OUT)/trump-posterior $(OUT)/abc

sensitivity: install
	nice -n 10 $(BIN)/resetsim sensitivity obama-2009 --method sobol --n $(SOBOL_N) \
		--ranges resetsim/validation/data/sobol_obama-2009.toml --workers 2 --quiet \
		--out $(OUT)/sobol-obama
	nice -n 10 $(BIN)/resetsim sensitivity history-1992-2016-generative --method sobol \
		--n $(SOBOL_HISTORY_N) --seeds-per-sample $(SOBOL_HISTORY_SEEDS) --seed-start 100000 \
		--outputs history --ranges \
		resetsim/validation/data/sobol_history-1992-2016-generative.toml --workers 2 --quiet \
		--out $(OUT)/sobol-history

# The null model's own calibration on the same targets (12 grid points x 10 calibration seeds).
calibrate-null: install
	nice -n 10 $(BIN)/resetsim calibrate --method null --seeds 10 --workers 2 --out $(OUT)/null

validate: install calibrate-abc forecast-abc calibrate-null sensitivity
	rm -rf $(OUT)/calibration
	$(BIN)/resetsim calibrate --grid dynamics.favourability_mid=55:85:7 \
		--grid dynamics.public_event_impact=6:27:8 \
		--grid dynamics.favourability_scale=35,45 \
		--seeds 200 --out $(OUT)/calibration --workers 2
	$(BIN)/resetsim validate-model --doc docs/validation.md --sensitivity $(OUT)/sobol-obama \
		--sensitivity $(OUT)/sobol-history --calibration $(OUT)/calibration --abc $(OUT)/abc \
		--null-calibration $(OUT)/null --mechanism-seeds $(MECHANISM_SEEDS) --workers 2

# The page alone from the stored calibration outputs (data/posterior: both Sobol studies,
# the ABC posterior with its predictive check and forecast) and the null model's own
# calibration ($(OUT)/null, from `make calibrate-null`).
validate-page: install
	nice -n 10 $(BIN)/resetsim validate-model --doc docs/validation.md \
		--sensitivity data/posterior/sobol-obama --sensitivity data/posterior/sobol-history \
		--abc data/posterior/history-1992-2016-generative --null-calibration $(OUT)/null \
		--mechanism-seeds $(MECHANISM_SEEDS) --workers 2

# The page's comparison with null model and placebos rerun with one mechanism broken
# (MUTANT: no-retaliation, no-persuasion or simple-majority-treaty), beside the real one.
MUTANT ?= no-retaliation
mutant-page: install
	nice -n 10 $(BIN)/python scripts/mutant_page.py --mutant $(MUTANT) \
		--seeds $(MECHANISM_SEEDS) --null-calibration $(OUT)/null --workers 2 \
		--out docs/validation-mutant.md

# Every claim of the page rerun on 10 disjoint blocks of seeds (3000-3999, and larger blocks
# for claims that need more runs: never used for tuning); the pass-rate table goes into docs/validation.md.
ROBUSTNESS_BLOCKS ?= 10
ROBUSTNESS_SEEDS ?= 100
robustness: install
	nice -n 10 $(BIN)/resetsim robustness --blocks $(ROBUSTNESS_BLOCKS) \
		--seeds $(ROBUSTNESS_SEEDS) --doc docs/validation.md --workers 2

# The case library page: every case of data/cases forecast with the frozen parameters and
# scored against its record (200 runs per case; base seed 14000, a range no test uses).
# POSTERIOR=path/to/posterior.csv draws each run's behavioural [dynamics] parameters from a
# calibration's posterior (CASE_SEEDS parameter sets, one run each) and runs CASE_SEEDS
# seeds at the scenarios' own parameters beside them; without it only the latter. The page
# records the time the library took. `make cases
# POSTERIOR=data/posterior/history-1992-2016-generative/posterior.csv` makes the shipped page.
CASE_SEEDS ?= 200
POSTERIOR ?=
CASE_RUNS = $(if $(POSTERIOR),--posterior $(POSTERIOR) --draws $(CASE_SEEDS) --seeds 1 --seed-only $(CASE_SEEDS),--seeds $(CASE_SEEDS))
cases: install
	rm -rf $(OUT)/cases
	nice -n 10 $(BIN)/resetsim forecast all $(CASE_RUNS) --base-seed 14000 --workers 2 \
		--out $(OUT)/cases --page docs/cases.md

clean:
	rm -rf $(OUT) .pytest_cache build dist *.egg-info
