//go:build tools

// Package tools pins the Pulumi CLI main package so that
// `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` resolves from this module.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
