#!/usr/bin/env bash
# Build the Pulumi engine pieces this project's tests run against, from Go
# modules only (the Go module proxy is the only network needed), into
# .engine/bin/ of the repository:
#
#   pulumi                      CLI, github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
#   pulumi-language-nodejs      our own minimal Node.js language host (test/e2e/engine/cli/cmd/...)
#   pulumi-resource-kubernetes  github.com/pulumi/pulumi-kubernetes/provider/v4
#   pulumi-language-yaml        github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml (v1.25.0)
#   pulumi-language-python      our own minimal Python language host (test/e2e/engine/cli/cmd/...)
#   pulumi-language-go          our own minimal Go language host (test/e2e/engine/cli/cmd/...)
#
# Idempotent: a binary whose version stamp (.engine/bin/.<name>.stamp) matches
# what would be built is skipped. Uses Go's default module and build caches.
# See test/e2e/engine/README.md.
#
# Environment:
#   ENGINE_BIN_DIR   output directory (default: <repo>/.engine/bin)
#   ENGINE_FORCE=1   rebuild even if the stamps match
#   ENGINE_GO_P      value for `go build -p` (default 2)
#   ENGINE_BUILD_DIR scratch directory for the provider build (default: <repo>/.engine/build)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINE_DIR="$REPO_ROOT/test/e2e/engine"
BIN_DIR="${ENGINE_BIN_DIR:-$REPO_ROOT/.engine/bin}"
BUILD_DIR="${ENGINE_BUILD_DIR:-$REPO_ROOT/.engine/build}"
GO_P="${ENGINE_GO_P:-2}"

# Versions. The CLI and language host are built from the same pulumi release.
# @pulumi/pulumi on npm is 3.276.0, but the Go proxy here serves only the
# .info/.mod (not the source zip) of pkg/v3 and sdk/v3 v3.276.0 and v3.275.0:
# v3.274.1 is the newest buildable release.
PULUMI_VERSION="v3.274.1"
# @pulumi/kubernetes on npm is 4.34.2, but the proxy serves no tagged
# provider/v4 release; this pseudo-version (commit f47bc2d6f199, 2026-01-15,
# between the v4.24 and v4.25 releases) is the only one it serves.
K8S_MODULE="github.com/pulumi/pulumi-kubernetes/provider/v4"
K8S_MODULE_VERSION="v4.0.0-20260115033456-f47bc2d6f199"
K8S_VERSION="4.0.0-20260115033456-f47bc2d6f199" # as reported by the provider (no "v", like upstream releases)
# The Pulumi YAML language host, in its own wrapper module (test/e2e/engine/yaml) at the pulumi
# release its go.mod names (v3.206.0): it does not compile against v3.274.1.
YAML_VERSION="v1.25.0"

export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
command -v go >/dev/null || { echo "engine-build: go is not on PATH" >&2; exit 1; }

GO_VERSION="$(go env GOVERSION)"
GOOS_ARCH="$(go env GOOS)/$(go env GOARCH)"
mkdir -p "$BIN_DIR"

say() { printf 'engine-build: %s\n' "$*"; }

# stamp_of NAME -> content that identifies a build of NAME
stamp_of() {
  local name="$1" src
  case "$name" in
    pulumi) src="$(cat "$ENGINE_DIR/cli/go.mod" "$ENGINE_DIR/cli/go.sum")" ;;
    pulumi-language-nodejs) src="$(cat "$ENGINE_DIR/cli/go.mod" "$ENGINE_DIR/cli/go.sum" "$ENGINE_DIR"/cli/cmd/pulumi-language-nodejs/*.go)" ;;
    pulumi-resource-kubernetes) src="$(cat "$ENGINE_DIR/kubernetes/go.mod" "$ENGINE_DIR/kubernetes/go.sum")" ;;
    pulumi-language-yaml) src="$(cat "$ENGINE_DIR/yaml/go.mod" "$ENGINE_DIR/yaml/go.sum")" ;;
    pulumi-language-python) src="$(cat "$ENGINE_DIR/cli/go.mod" "$ENGINE_DIR/cli/go.sum" "$ENGINE_DIR"/cli/cmd/pulumi-language-python/*.go)" ;;
    pulumi-language-go) src="$(cat "$ENGINE_DIR/cli/go.mod" "$ENGINE_DIR/cli/go.sum" "$ENGINE_DIR"/cli/cmd/pulumi-language-go/*.go)" ;;
  esac
  printf '%s\n%s\n%s\n%s\n' "$name" "$GO_VERSION" "$GOOS_ARCH" "$(printf '%s' "$src" | sha256sum | cut -d' ' -f1)"
}

up_to_date() {
  local name="$1" want="$2"
  [[ "${ENGINE_FORCE:-0}" != 1 && -x "$BIN_DIR/$name" && -f "$BIN_DIR/.$name.stamp" ]] &&
    [[ "$(cat "$BIN_DIR/.$name.stamp")" == "$want" ]]
}

# step NAME VERSION FUNC: build unless up to date; report timing.
step() {
  local name="$1" ver="$2" fn="$3" want start end
  want="$(printf '%s\n%s' "$ver" "$(stamp_of "$name")")"
  if up_to_date "$name" "$want"; then
    say "$name $ver: up to date ($BIN_DIR/$name)"
    return 0
  fi
  start=$(date +%s)
  say "$name $ver: building..."
  rm -f "$BIN_DIR/.$name.stamp"
  "$fn"
  printf '%s\n' "$want" >"$BIN_DIR/.$name.stamp"
  end=$(date +%s)
  say "$name $ver: built $BIN_DIR/$name in $((end - start))s"
}

gobuild() { nice -n 10 go build -p "$GO_P" -trimpath "$@"; }

build_pulumi() {
  (cd "$ENGINE_DIR/cli" &&
    gobuild -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$BIN_DIR/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv -f "$BIN_DIR/pulumi.tmp" "$BIN_DIR/pulumi"
}

build_language_nodejs() {
  (cd "$ENGINE_DIR/cli" &&
    gobuild -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$BIN_DIR/pulumi-language-nodejs.tmp" ./cmd/pulumi-language-nodejs)
  mv -f "$BIN_DIR/pulumi-language-nodejs.tmp" "$BIN_DIR/pulumi-language-nodejs"
}

build_language_python() {
  (cd "$ENGINE_DIR/cli" &&
    gobuild -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$BIN_DIR/pulumi-language-python.tmp" ./cmd/pulumi-language-python)
  mv -f "$BIN_DIR/pulumi-language-python.tmp" "$BIN_DIR/pulumi-language-python"
}

build_language_go() {
  (cd "$ENGINE_DIR/cli" &&
    gobuild -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$BIN_DIR/pulumi-language-go.tmp" ./cmd/pulumi-language-go)
  mv -f "$BIN_DIR/pulumi-language-go.tmp" "$BIN_DIR/pulumi-language-go"
}

build_language_yaml() {
  (cd "$ENGINE_DIR/yaml" &&
    gobuild -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
      -o "$BIN_DIR/pulumi-language-yaml.tmp" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml)
  mv -f "$BIN_DIR/pulumi-language-yaml.tmp" "$BIN_DIR/pulumi-language-yaml"
}

# The provider's main package embeds schema-embed.json and
# terraform-mapping-embed.json, which its module does not ship: upstream's
# Makefile makes them with `VERSION=... go generate` (generate.go stamps the
# version into schema.json). We do the same in a scratch copy of the
# test/e2e/engine/kubernetes module holding the upstream main.go and generate.go.
build_kubernetes() {
  local src work
  src="$(cd "$ENGINE_DIR/kubernetes" && go mod download -json "$K8S_MODULE@$K8S_MODULE_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$src" && -f "$src/cmd/pulumi-resource-kubernetes/main.go" ]] || {
    echo "engine-build: could not download $K8S_MODULE@$K8S_MODULE_VERSION" >&2
    exit 1
  }
  work="$BUILD_DIR/pulumi-resource-kubernetes"
  rm -rf "$work"
  mkdir -p "$work"
  cp "$ENGINE_DIR/kubernetes/go.mod" "$ENGINE_DIR/kubernetes/go.sum" "$ENGINE_DIR/kubernetes/tools.go" "$work/"
  cp "$src"/cmd/pulumi-resource-kubernetes/{main.go,generate.go,schema.json,terraform-mapping.json} "$work/"
  chmod u+w "$work"/*
  (cd "$work" && VERSION="$K8S_VERSION" nice -n 10 go run -p "$GO_P" generate.go)
  (cd "$work" &&
    gobuild -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$K8S_VERSION" \
      -o "$BIN_DIR/pulumi-resource-kubernetes.tmp" .)
  mv -f "$BIN_DIR/pulumi-resource-kubernetes.tmp" "$BIN_DIR/pulumi-resource-kubernetes"
  rm -rf "$work"
}

total_start=$(date +%s)
say "go $GO_VERSION $GOOS_ARCH, GOPROXY=$(go env GOPROXY), output $BIN_DIR"
step pulumi "$PULUMI_VERSION" build_pulumi
step pulumi-language-nodejs "$PULUMI_VERSION" build_language_nodejs
step pulumi-resource-kubernetes "$K8S_VERSION" build_kubernetes
step pulumi-language-python "$PULUMI_VERSION" build_language_python
step pulumi-language-go "$PULUMI_VERSION" build_language_go
step pulumi-language-yaml "$YAML_VERSION" build_language_yaml
say "done in $(($(date +%s) - total_start))s:"
"$BIN_DIR/pulumi" version | sed 's/^/engine-build:   pulumi /'
say "  pulumi-language-nodejs $PULUMI_VERSION (minimal host, test/e2e/engine/cli/cmd/pulumi-language-nodejs)"
say "  pulumi-resource-kubernetes $K8S_VERSION ($K8S_MODULE@$K8S_MODULE_VERSION)"
say "  pulumi-language-python $PULUMI_VERSION (minimal host, test/e2e/engine/cli/cmd/pulumi-language-python)"
say "  pulumi-language-go $PULUMI_VERSION (minimal host, test/e2e/engine/cli/cmd/pulumi-language-go)"
say "  pulumi-language-yaml $YAML_VERSION (github.com/pulumi/pulumi-yaml)"
