# r2w — the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format migrate bench eval kustomize-check image image-check clean infra-deploy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes. r2w goes in as a plain path in site-packages
# (compat), not the import hook setuptools' default mode installs for this layout, which every
# Python process here would load first (~9 ms of each builder run or `r2w` command).
$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --config-settings editable_mode=compat -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# checkov pins its own boto3, networkx and packaging: it gets a venv of its own.
.venv-checkov/.installed: requirements-checkov.txt
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install --quiet -r requirements-checkov.txt
	touch $@

run: $(VENV)/.installed migrate  ## Start r2w at http://127.0.0.1:5000 on its local defaults
	$(FLASK) run --host $(HOST) --port $(PORT)

migrate: $(VENV)/.installed  ## Apply database migrations
	$(FLASK) db upgrade

test: $(VENV)/.installed-dev .venv-checkov/.installed  ## Run the whole suite (PostgreSQL, Redis, S3 server, Chromium included)
	$(BIN)/pytest

lint: $(VENV)/.installed-dev  ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-dev  ## Benchmarks against reference tools; results in docs/benchmarks.md
	test -d .bench/jr/node_modules/resumed || npm install --silent --prefix .bench/jr resumed@6.1.0 jsonresume-theme-even@0.26.1
	$(BIN)/python -m bench

# EVAL_ARGS="--quick": a 30-CV smoke run; "--splits train,dev" while tuning; "--size 1000" as in docs.
eval: $(VENV)/.installed-dev  ## Score extraction on the generated corpus; results in docs/extraction-eval.md
	$(BIN)/python -m corpus.eval $(EVAL_ARGS)

kustomize-check: $(VENV)/.installed-dev  ## Render and validate every overlay
	$(BIN)/pytest tests/kustomize -q

image:  ## Build the web and builder images, tagged by commit (Docker, else podman; see images/)
	$(PYTHON) -m images build

image-check: $(VENV)/.installed  ## Build both images with podman and prove they run as deployed
	$(BIN)/python -m images check

# One command per environment: ENV=staging or ENV=prod (AWS credentials of that account).
# Deploys infra/cloudformation/r2w.yaml with infra/params/$(ENV).txt, then writes the stack's
# outputs into kustomize/overlays/$(ENV) (see infra/README.md).
infra-deploy: $(VENV)/.installed  ## Deploy the AWS stack r2w-$(ENV) and feed its outputs to the overlay
	@test "$(ENV)" = staging -o "$(ENV)" = prod || { echo "ENV=staging or ENV=prod"; exit 2; }
	aws cloudformation deploy --stack-name r2w-$(ENV) \
	  --template-file infra/cloudformation/r2w.yaml \
	  --parameter-overrides $$(grep -v '^#' infra/params/$(ENV).txt) \
	  --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset
	mkdir -p .infra
	aws cloudformation describe-stacks --stack-name r2w-$(ENV) --output json > .infra/$(ENV)-outputs.json
	$(BIN)/python -m infra.overlay --env $(ENV) .infra/$(ENV)-outputs.json

clean:
	rm -rf $(VENV) .venv-checkov instance .pytest_cache
