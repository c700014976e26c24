"""ImmutableService from Python, through the generated SDK (pulumi_immutable_workloads), next to a
Deployment written by hand with a writable root filesystem (config includeWritable, default true)
that the policy pack stops. The Kubernetes resources are declared by type token, so the program
needs only the `pulumi` package and the generated SDK; everything is rendered to YAML files in
the directory of config renderDir (default: rendered/), never sent to a cluster."""
import pulumi
import pulumi_immutable_workloads as iw

config = pulumi.Config()
include_writable = config.get_bool("includeWritable")
render_dir = config.get("renderDir") or "rendered"

# busybox 1.38.0, pinned by digest.
image = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d"
command = ["httpd", "-f", "-v", "-p", "8080", "-h", "/var/www"]

render_yaml = pulumi.ProviderResource("kubernetes", "render-yaml", {"renderYamlToDirectory": render_dir})

hello = iw.ImmutableService(
    "hello",
    image=image,
    command=command,
    ports=[iw.PortSpecArgs(container_port=8080, published_port=80, name="http")],
    user=iw.UserSpecArgs(uid=65534, gid=65534),
    writable_paths=[iw.WritablePathArgs(path="/tmp", size_limit="16Mi")],
    resources=iw.ResourcesArgs(limits=iw.ResourceAmountsArgs(cpu="100m", memory="64Mi")),
    opts=pulumi.ResourceOptions(providers=[render_yaml]),
)

if include_writable is not False:
    labels = {"app": "handwritten"}
    pulumi.CustomResource(
        "kubernetes:apps/v1:Deployment",
        "handwritten",
        {
            "metadata": {"labels": labels},
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {"containers": [{"name": "app", "image": image, "command": command}]},
                },
            },
        },
        opts=pulumi.ResourceOptions(provider=render_yaml),
    )

pulumi.export("deployment", hello.workload_name)
pulumi.export("service", hello.service_name)
