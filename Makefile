# bulletin-search. Two commands do all set-up on a fresh machine:
#   make serve   build the index, the Wasm engine and the widget; serve the demo on :8080
#   make test    run every test; ends with "N passed, N failed"
# Tool versions are pinned in tools/versions.env only.

include tools/versions.env
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

BULLETIN := target/release/bulletin
PORT ?= 8080

.PHONY: all setup index dist serve test fuzz bench fmt clean

FUZZ_SECONDS ?= 60
ITEMS ?= 10000

all: dist

setup:
	bash tools/setup.sh all

$(BULLETIN): Cargo.toml Cargo.lock $(shell find src -name '*.rs')
	cargo build --release --bin bulletin

# Rebuild the committed index from bulletins/ (a publisher's command).
index: $(BULLETIN)
	$(BULLETIN) build --input bulletins --out index
	$(BULLETIN) gc --index index --keep 1

# A self-contained deployable site in dist/.
dist: $(BULLETIN)
	bash tools/setup.sh rust node pack
	bash tools/dist.sh

serve: dist
	python3 tools/serve.py --dir dist --port $(PORT)

test:
	bash tools/test.sh

# Side by side with Pagefind on a generated corpus of ITEMS items (report in target/bench/).
bench: $(BULLETIN)
	bash tools/bench.sh $(ITEMS)

# Each fuzz target for FUZZ_SECONDS (make test runs them briefly).
fuzz:
	bash tools/fuzz.sh $(FUZZ_SECONDS)

fmt:
	cargo fmt

clean:
	cargo clean
	rm -rf dist
