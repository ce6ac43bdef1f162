#!/usr/bin/env bash
# Builds the Jaeger v2 all-in-one binary from the Go module proxy into the cache.
# `go install ...@version` fails because Jaeger's go.mod has a replace directive, so the build
# goes through a throwaway wrapper module that repeats that replace.
set -euo pipefail
: "${CONCORD_CACHE_DIR:?}" "${JAEGER_VERSION:?}"
out="$CONCORD_CACHE_DIR/jaeger-$JAEGER_VERSION"
mkdir -p "$CONCORD_CACHE_DIR"
# One provisioning at a time per artifact: a second caller waits, then finds it done.
exec 9>"$out.lock"
flock 9
[ -x "$out/jaeger" ] && exit 0
command -v go >/dev/null || { echo "go is required to build Jaeger (install Go >= 1.24, or set JAEGER_BIN to an existing jaeger binary)" >&2; exit 3; }
work="$out.build"
rm -rf "$work" && mkdir -p "$work" "$out"
cd "$work"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
go mod init local/jaeger-build >/dev/null 2>&1
go mod edit -replace=github.com/Shopify/sarama=github.com/Shopify/sarama@v1.33.0
go get -tool "github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER_VERSION"
go build -trimpath -o "$out/jaeger.tmp" github.com/jaegertracing/jaeger/cmd/jaeger
mv "$out/jaeger.tmp" "$out/jaeger"
cd / && rm -rf "$work"
