//go:build tools

// Package tools pins the Pulumi YAML language host (pulumi-language-yaml) that
// scripts/engine-build.sh builds, against the same pulumi pkg/sdk release as the CLI.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
)
