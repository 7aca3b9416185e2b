# Kaizen: `make run` starts the demo, `make test` runs every test.
SHELL := /bin/bash
GO    ?= go
BIN   := bin/kaizen
PKGS  := ./...
# staticcheck and gosec come from their own module in tools/, so their
# dependencies stay out of the app's go.mod; they check the app's packages.
DEVTOOL := $(GO) tool -modfile=tools/go.mod

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: deps
deps: ## Install missing system packages for running (PostgreSQL server)
	@bash scripts/ensure-deps.sh postgres

.PHONY: deps-test
deps-test: ## Install missing system packages for testing (PostgreSQL server, Chromium, pdftotext)
	@bash scripts/ensure-deps.sh postgres chromium pdftotext

.PHONY: build
build: ## Build the kaizen binary into bin/
	$(GO) build -trimpath -o $(BIN) ./cmd/kaizen

.PHONY: run
run: deps build ## Run the app in demo mode; open http://localhost:8080 (private PostgreSQL in ./.data; e-mail to a local sink, read at /admin/mail)
	./$(BIN) serve -demo

.PHONY: verify
verify: build ## Recompute the digest of every signed protocol (DATABASE_URL or the private PostgreSQL)
	./$(BIN) verify

.PHONY: test
test: deps-test ## Run every test (race detector; throwaway PostgreSQL unless TEST_DATABASE_URL; Chromium)
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

# The demo is dated relative to today, so a test that types the calendar
# breaks as days pass: run the suite with the tests' clock moved (a date
# such as 2027-12-06 or an offset such as +1y, -365d).
TEST_NOW ?= +1y
.PHONY: test-clock
test-clock: deps-test ## Run every test with the tests' clock moved (TEST_NOW=+1y; also -1y or a date); CI runs it once
	KAIZEN_TEST_NOW=$(TEST_NOW) $(GO) test -count=1 -timeout 20m $(PKGS)

.PHONY: bench
bench: deps ## Go benchmarks, then the load benchmark on the national data set (generated once into GEN_DIR, ~9 min) (results: BENCHMARKS.md)
	$(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS)
	$(MAKE) gen
	$(MAKE) load

GEN_DIR ?= .data-national
SEED    ?= 1
SCALE   ?= 1
.PHONY: gen
gen: deps build ## Fill a separate private database (GEN_DIR=.data-national) with the national data set (SEED=1 SCALE=1; ~9 min)
	KAIZEN_DATA_DIR=$(GEN_DIR) ./$(BIN) gen --seed $(SEED) --scale $(SCALE)

# The load benchmark (issue 7): kaizen serve under vegeta on a filled
# database: DATABASE_URL, or else the private PostgreSQL of GEN_DIR (make
# gen). LOADFLAGS passes more flags, e.g. LOADFLAGS="-duration 30s -out load.md".
LOADFLAGS ?=
.PHONY: load
load: deps build ## Load benchmark on DATABASE_URL or the national data set in GEN_DIR (make gen first); Markdown report
	KAIZEN_DATA_DIR=$(GEN_DIR) $(GO) run ./cmd/kaizen-load -kaizen $(BIN) $(LOADFLAGS)

FUZZTIME ?= 20s
.PHONY: fuzz
fuzz: ## Run every fuzz target for FUZZTIME each (default 20s)
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

.PHONY: generate
generate: ## Regenerate templ components (*_templ.go)
	$(GO) tool templ generate

.PHONY: check-generated
check-generated: ## Fail if `templ generate` would change committed files
	$(GO) tool templ generate
	@git diff --exit-code -- '*_templ.go' || { echo "templ generate changed files: run 'make generate' and commit" >&2; exit 1; }
	@test -z "$$(git status --porcelain -- '*_templ.go')" || { echo "templ generate created uncommitted files" >&2; git status --porcelain -- '*_templ.go'; exit 1; }

.PHONY: vet
vet: ## go vet, gofmt and staticcheck
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l cmd internal web migrations)" || { echo "gofmt needed:"; gofmt -l cmd internal web migrations; exit 1; }
	$(DEVTOOL) staticcheck $(PKGS)

.PHONY: fault
fault: deps ## Fault test, long form: 200 requests/s for 30 s per phase through PostgreSQL restarts, killed connections and a killed app (make test runs a short form)
	set -o pipefail; KAIZEN_FAULT=full $(GO) test -count=1 -timeout 30m -run '^TestFaults$$' -v ./internal/fault/ | grep -v '^=== '

.PHONY: hostile
hostile: deps-test ## Hostile-input battery: all 200 injection payloads into every field and parameter of every route (make test sends 8)
	KAIZEN_HOSTILE=all $(GO) test -count=1 -timeout 60m -run TestHostileInput -v ./internal/web/ | grep -v '^=== '

.PHONY: sec
sec: ## gosec: no finding of medium or high severity (each exception is justified in place with #nosec)
	$(DEVTOOL) gosec -quiet -severity medium $(PKGS)

.PHONY: migrate
migrate: build ## Apply database migrations (DATABASE_URL or the private PostgreSQL)
	./$(BIN) migrate

.PHONY: vendor-js
vendor-js: ## Refresh the vendored htmx and axe-core from npm (pinned versions)
	bash scripts/vendor-js.sh

.PHONY: docker-up
docker-up: ## Run PostgreSQL and the app with Docker Compose (needs a Docker engine)
	docker compose up --build

.PHONY: clean
clean: ## Remove the binary (the demo database in ./.data stays; remove it by hand)
	rm -rf bin
