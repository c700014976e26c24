// nginx on a single Docker host, immutably: ImmutableService builds a `docker.Container` with a
// read-only root filesystem, runs it as the nginx user (uid 101) and gives it exactly the three
// directories nginx writes, each a bounded tmpfs that is gone when the container stops.
//
// In your own project: import { ImmutableService } from "immutable-workloads";
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { ImmutableService } from "../../components";

const config = new pulumi.Config();
const tag = config.get("image") ?? "nginx:1.27";
const port = config.getNumber("port") ?? 8080;

// Pull the image and run it by the digest it resolved to: the container runs exactly the image
// that was pulled, and a new upstream image is a visible change in the next preview.
const image = new docker.RemoteImage("nginx", { name: tag, keepLocally: true });

const web = new ImmutableService("nginx", {
    platform: "docker",
    image: image.repoDigest,
    // The stock image starts as root only to drop to `nginx` (101) for its workers; start as 101
    // directly. Docker (20.10 and later) lets unprivileged processes bind port 80 in a container.
    user: { uid: 101, gid: 101 },
    ports: [{ containerPort: 80, publishedPort: port }],
    writablePaths: [
        // proxy and client-body buffering (client_temp, proxy_temp, …)
        { path: "/var/cache/nginx", sizeLimit: "64m" },
        // the pid file (/var/run/nginx.pid; /var/run is /run in the Debian-based image)
        { path: "/var/run", sizeLimit: "1m" },
        // anything else that insists on a temporary file
        { path: "/tmp", sizeLimit: "16m" },
    ],
    // The tmpfs sizes count against this limit: 64m + 1m + 16m of 256m.
    resources: { limits: { cpu: "0.5", memory: "256m" } },
    labels: { "com.example.app": "nginx" },
});

export const containerName = web.workloadName;
export const url = `http://localhost:${port}/`;
