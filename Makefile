# Posko Digipay Online: build, run and test. See docs/operations.md.
#
# PostgreSQL and Redis are found or started by scripts/with-services.sh:
#   run, migrate  use DATABASE_URL / REDIS_URL, else servers under ./.data
#                 (127.0.0.1:55432 and 127.0.0.1:56379, kept until `make stop`);
#   test, bench   use TEST_DATABASE_URL / TEST_REDIS_URL, else 127.0.0.1:5432 and
#                 127.0.0.1:6379 when they answer, else throwaway servers.

GO        ?= go
BIN       ?= bin/posko
PKG       ?= ./...
BENCH     ?= Pipeline|EchoBot
BENCHPKG  ?= ./cmd/posko
BENCHTIME ?= 10000x
REPORTS_BENCHTIME ?= 5x

SERVICES := bash scripts/with-services.sh

.DEFAULT_GOAL := help
.PHONY: help run migrate stop test bench bench-reports build fmt vet clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

run: ## run the bot (needs TELEGRAM_BOT_TOKEN; starts .data servers when needed)
	@bash scripts/require-token.sh
	$(GO) build -o $(BIN) ./cmd/posko
	@$(SERVICES) run -- $(BIN) serve

migrate: ## apply the database migrations (same servers as run)
	$(GO) build -o $(BIN) ./cmd/posko
	@$(SERVICES) run -- $(BIN) migrate

stop: ## stop the .data servers started by run/migrate (data is kept)
	@bash scripts/stop-services.sh

test: ## go vet and all tests with -race, against PostgreSQL and Redis
	@bash scripts/ensure-cgo.sh
	@$(SERVICES) test -- sh -c '$(GO) vet $(PKG) && exec $(GO) test -race -count=1 $(PKG)'

bench: ## pipeline vs echo-bot benchmark; all: make bench BENCH=. BENCHPKG=./... BENCHTIME=1s
	@$(SERVICES) test -- $(GO) test -run '^$$' -bench '$(BENCH)' -benchmem \
		-benchtime '$(BENCHTIME)' $(BENCHPKG)

bench-reports: ## 25 000-satker import and report benchmarks (issue 5); REPORTS_BENCHTIME=5x
	@$(SERVICES) test -- $(GO) test -run '^$$' -bench '25k' -benchmem \
		-benchtime '$(REPORTS_BENCHTIME)' ./backoffice ./storage/postgres ./report ./sheets ./conversation

build: ## build bin/posko
	$(GO) build -o $(BIN) ./cmd/posko

fmt: ## gofmt every Go file
	@find . -path './.*' -prune -o -name '*.go' -print | xargs -r gofmt -s -l -w

vet: ## go vet
	$(GO) vet $(PKG)

clean: ## remove bin/ (not .data: use `make stop` and delete it yourself)
	rm -rf bin
