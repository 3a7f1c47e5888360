# cryptoscan: make build | test | bench | fuzz | lint
GO        ?= go
BIN       := bin/cryptoscan
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
# A count (Nx), not a duration: Go 1.26's fuzz coordinator can report a
# spurious "context deadline exceeded" when a duration -fuzztime expires while
# a worker is mid-call (golang/go#75804, fixed in Go 1.27); a count has no
# deadline to race.
FUZZTIME  ?= 200000x
# How long each new interesting input is minimised (Go's default, 60s per
# input, made a CI fuzz pass stall for a minute on one target).
FUZZMINIMIZE ?= 2000x
BENCHTIME ?= 5x

.PHONY: build test bench fuzz lint clean

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/cryptoscan

# Unit, CLI and conformance tests. Conformance tests against OpenSSL, nginx
# and GnuTLS servers run when those binaries are installed (.ci/run installs
# them) and are skipped otherwise; CRYPTOSCAN_REQUIRE_PEERS=1 turns a missing
# peer into a failure.
test:
	$(GO) test -count=1 ./...

# Benchmarks: connections and wall time against loopback servers, beside
# sslscan and nmap when installed (see README, "Speed").
bench:
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) ./...

# Scale: one scanner.Run over loopback fleets of 100, 1,000 and 5,000 TLS
# endpoints served by a process of their own, at both depths (see
# scanner/scalebench; `make bench` runs it at 100 endpoints only).
.PHONY: bench-scale
bench-scale:
	CRYPTOSCAN_SCALE_SIZES=100,1000,5000 $(GO) test -run '^$$' -bench Scale -benchtime 1x -timeout 60m ./scanner/scalebench/

# Every fuzz target, each for FUZZTIME (executions, or a duration).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $$pkg; \
	  done; \
	done

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin
