// Props builders shared by the per-policy tests: a Deployment with a pod spec, a Docker container,
// a Swarm service, in wire form (unknowns and secrets as the engine sends them); and the runner of
// their case tables.
import * as assert from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { violationsOf } from "./policyArgs";

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

/** One row of a policy's case table: a resource and the violations it must draw, in order. */
export interface PolicyCase {
    title: string;
    type: string;
    props: Record<string, unknown>;
    config?: Record<string, unknown>;
    /** The Pulumi resource name; `resource` when omitted. */
    name?: string;
    /** One pattern per expected violation, in order. */
    expect: RegExp[];
}

/** One mocha test per row: exactly `expect.length` violations, each matching its pattern. */
export function itReportsExactly(policy: ResourceValidationPolicy, cases: readonly PolicyCase[]): void {
    for (const c of cases) {
        it(c.title, async () => {
            const messages = await violationsOf(policy, c.type, c.props, c.config ?? {}, c.name);
            assert.strictEqual(messages.length, c.expect.length, `messages: ${JSON.stringify(messages, null, 2)}`);
            c.expect.forEach((re, i) => assert.match(messages[i], re));
        });
    }
}

/** `deployment` in a namespace. */
export function deploymentIn(
    namespace: string,
    podSpec: Record<string, unknown>,
    metadata: Record<string, unknown> = {},
): Record<string, unknown> {
    return deployment(podSpec, { namespace, ...metadata });
}
