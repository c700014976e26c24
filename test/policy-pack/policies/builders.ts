// Props builders shared by the per-policy tests: a Deployment with a pod spec, a Docker container,
// a Swarm service, in wire form (unknowns and secrets as the engine sends them).
export const deploymentType = "kubernetes:apps/v1:Deployment";
export const dockerContainerType = "docker:index/container:Container";
export const dockerServiceType = "docker:index/service:Service";

/** A Deployment named `web` whose pod spec is `podSpec`. */
export function deployment(podSpec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", ...metadata },
        spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: podSpec } },
    };
}

/** A pod spec with one container `app` (extra container fields merged in) and the given volumes. */
export function podSpec(container: Record<string, unknown>, volumes?: unknown, list = "containers"): Record<string, unknown> {
    const spec: Record<string, unknown> = { [list]: [{ name: "app", image: "nginx:1.27", ...container }] };
    if (list !== "containers") {
        spec.containers = [{ name: "main", image: "nginx:1.27" }];
    }
    if (volumes !== undefined) {
        spec.volumes = volumes;
    }
    return spec;
}

/** A `docker.Container` named `web`. */
export function dockerContainer(extra: Record<string, unknown>): Record<string, unknown> {
    return { name: "web", image: "nginx:1.27", readOnly: true, ...extra };
}

/** A `docker.Service` named `web` whose containerSpec has `extra`. */
export function swarmService(extra: Record<string, unknown>): Record<string, unknown> {
    return { name: "web", taskSpec: { containerSpec: { image: "nginx:1.27", readOnly: true, ...extra } } };
}
