# inbox: two commands matter on a fresh machine, `make run` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
BIND ?= 127.0.0.1:8080
DATA_DIR ?= ./data

.PHONY: run demo test deps fmt lint check-fmt unit build release bench clean-data

## Build and start inboxd on http://$(BIND) with the embedded PostgreSQL under $(DATA_DIR).
run: deps release
	@echo "inboxd: http://$(BIND)  (API docs: http://$(BIND)/docs/)"
	@echo "        demo data: in another terminal run  ./target/release/inboxd seed-demo --data-dir $(DATA_DIR)"
	@echo "        first token:   ./target/release/inboxd user add --email you@example.com --role admin --data-dir $(DATA_DIR)"
	@echo "                       ./target/release/inboxd token --email you@example.com --data-dir $(DATA_DIR)"
	./target/release/inboxd serve --bind $(BIND) --data-dir $(DATA_DIR)

## Fill the demo account (works whether or not `make run` is running).
demo: release
	./target/release/inboxd seed-demo --data-dir $(DATA_DIR)

## Everything CI runs: format check, clippy with warnings as errors, every test.
test: deps check-fmt lint unit

deps:
	@./scripts/install-deps.sh

check-fmt:
	$(CARGO) fmt --all -- --check

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

unit:
	$(CARGO) test --workspace --locked

build:
	$(CARGO) build --workspace --locked

release:
	$(CARGO) build --release --locked -p inbox-server

## Benchmarks (docs/performance.md): load a generated data set, measure the read paths.
bench: deps release
	$(CARGO) run --release --locked -p inbox-bench -- $(BENCH_ARGS)

clean-data:
	rm -rf $(DATA_DIR)
