# wasmcp — build, install and test.
#
#   make install   build wasmcp and install it into $(BINDIR), then run it
#   make test      install the pinned JS test peers (npm ci) and run every test,
#                  vet, a gofmt check and a short bounded fuzz run of every fuzz target

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
BINDIR   ?= $(HOME)/.wasmcp/bin
FUZZTIME ?= 3s
DIST     ?= dist

.PHONY: all build install test unit vet fuzz lint dist node clean bench framework framework-check

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/wasmcp ./cmd/wasmcp

install: build
	mkdir -p $(BINDIR)
	install -m 0755 bin/wasmcp $(BINDIR)/wasmcp
	@echo "installed $(BINDIR)/wasmcp"
	$(BINDIR)/wasmcp --version
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; *) echo "add to your shell profile: export PATH=\"$(BINDIR):\$$PATH\"";; esac

# node_modules comes from the committed lockfile only.
node: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

test: node lint unit fuzz

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 -timeout 40m ./...

# Every Fuzz* target in the tree, each for $(FUZZTIME).
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Release archives and checksums for linux and darwin on amd64 and arm64.
dist:
	VERSION=$(VERSION) DIST=$(DIST) ./scripts/dist.sh

clean:
	rm -rf bin $(DIST)

# Framework parts (framework/<part>/ with a part.json) → compressed components in
# framework/embedded/parts/, bindings regenerated; see docs/framework-parts.md.
framework: node
	$(GO) run ./framework/build

# Rebuild every part and fail if a committed component, binding or index entry differs.
framework-check: node
	$(GO) run ./framework/build -check
