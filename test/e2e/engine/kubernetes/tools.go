//go:build tools

// Package tools pins the packages that the Kubernetes provider's main package
// (cmd/pulumi-resource-kubernetes/main.go) and its schema generator
// (cmd/pulumi-resource-kubernetes/generate.go) import, so that both resolve
// from this module. scripts/engine-build.sh copies those two upstream files
// from the module cache into a scratch copy of this module and builds there,
// because main.go embeds schema files that the module does not ship.
package tools

import (
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
	_ "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)
