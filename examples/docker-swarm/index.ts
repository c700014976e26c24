// A Docker Swarm service, immutably: ImmutableService with `platform: "swarm"` builds a
// `docker.Service` whose every task has a read-only root filesystem and a single bounded tmpfs at
// /tmp, where the unprivileged nginx image keeps its pid file and temporary files.
//
// Run it against a swarm manager (`docker swarm init` makes the local engine one).
// In your own project: import { ImmutableService } from "immutable-workloads";
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { ImmutableService } from "../../components";

const config = new pulumi.Config();
const tag = config.get("image") ?? "nginxinc/nginx-unprivileged:1.27-alpine";
const replicas = config.getNumber("replicas") ?? 3;
const port = config.getNumber("port") ?? 8080;

// Resolve the tag to a digest on the manager; every node then pulls exactly that image, and a
// task rescheduled next month runs what this one runs.
const image = new docker.RemoteImage("web", { name: tag, keepLocally: true });

const web = new ImmutableService("web", {
    platform: "swarm",
    image: image.repoDigest,
    replicas,
    // The image's own user; Swarm cannot set a tmpfs owner, so the tmpfs keeps mode 1777.
    user: { uid: 101, gid: 101 },
    ports: [{ containerPort: 8080, publishedPort: port }],
    writablePaths: [{ path: "/tmp", sizeLimit: "32m" }],
    resources: { limits: { cpu: "0.5", memory: "128m" }, requests: { cpu: "0.1", memory: "32m" } },
    labels: { "com.example.app": "web" },
});

export const serviceName = web.workloadName;
export const url = `http://localhost:${port}/`;
