# syntax=docker/dockerfile:1
#
# cryptoscan container image: a static binary on an empty base.
#
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t cryptoscan .
#   docker run --rm cryptoscan --format json example.fr

# Build stage: a static, reproducible binary (no cgo, no local paths).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
        -o /out/cryptoscan ./cmd/cryptoscan

# Runtime stage: nothing but the binary; no shell, no package manager.
FROM scratch
COPY --from=build /out/cryptoscan /cryptoscan
# An unprivileged user (the "nonroot" id of distroless images); scanning
# needs no privilege, only outbound TCP.
USER 65532:65532
ENTRYPOINT ["/cryptoscan"]
