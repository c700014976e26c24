// ImmutableService from Go, through the generated SDK, next to a Deployment written by hand with a
// writable root filesystem (config includeWritable, default true) that the policy pack stops. The
// Kubernetes resources are registered by type token, so the program needs only the Go SDK of
// Pulumi and the generated SDK; everything is rendered to YAML files in the directory of config
// renderDir (default: rendered/), never sent to a cluster.
package main

import (
	iw "example.com/pulumi-immutable-workloads/sdk/go/immutable-workloads"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type kubernetesProvider struct{ pulumi.ProviderResourceState }

type deployment struct{ pulumi.CustomResourceState }

// busybox 1.38.0, pinned by digest.
const image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		renderDir := cfg.Get("renderDir")
		if renderDir == "" {
			renderDir = "rendered"
		}
		command := []string{"httpd", "-f", "-v", "-p", "8080", "-h", "/var/www"}

		var render kubernetesProvider
		if err := ctx.RegisterResource("pulumi:providers:kubernetes", "render-yaml",
			pulumi.Map{"renderYamlToDirectory": pulumi.String(renderDir)}, &render); err != nil {
			return err
		}

		commandInputs := make([]pulumi.StringInput, len(command))
		for i, c := range command {
			commandInputs[i] = pulumi.String(c)
		}
		name, published, tmpSize, cpu, memory := "http", 80.0, "16Mi", "100m", "64Mi"
		hello, err := iw.NewImmutableService(ctx, "hello", &iw.ImmutableServiceArgs{
			Image:         pulumi.String(image),
			Command:       commandInputs,
			Ports:         []iw.PortSpecArgs{{ContainerPort: 8080, PublishedPort: &published, Name: &name}},
			User:          &iw.UserSpecArgs{Uid: 65534, Gid: 65534},
			WritablePaths: []iw.WritablePathArgs{{Path: "/tmp", SizeLimit: &tmpSize}},
			Resources:     &iw.ResourcesArgs{Limits: &iw.ResourceAmountsArgs{Cpu: &cpu, Memory: &memory}},
		}, pulumi.Providers(&render))
		if err != nil {
			return err
		}

		includeWritable, err := cfg.TryBool("includeWritable")
		if err != nil {
			includeWritable = true
		}
		if includeWritable {
			labels := pulumi.StringMap{"app": pulumi.String("handwritten")}
			containers := pulumi.Array{pulumi.Map{"name": pulumi.String("app"), "image": pulumi.String(image), "command": pulumi.ToStringArray(command)}}
			var handwritten deployment
			if err := ctx.RegisterResource("kubernetes:apps/v1:Deployment", "handwritten", pulumi.Map{
				"metadata": pulumi.Map{"labels": labels},
				"spec": pulumi.Map{
					"replicas": pulumi.Int(1),
					"selector": pulumi.Map{"matchLabels": labels},
					"template": pulumi.Map{
						"metadata": pulumi.Map{"labels": labels},
						"spec":     pulumi.Map{"containers": containers},
					},
				},
			}, &handwritten, pulumi.Provider(&render)); err != nil {
				return err
			}
		}

		ctx.Export("deployment", hello.WorkloadName)
		ctx.Export("service", hello.ServiceName)
		return nil
	})
}
