// Health checks: liveness, readiness and startup probes. On Kubernetes each becomes the container's
// probe as written (exec, HTTP, TCP or gRPC). Docker and Swarm have one `healthcheck`, which runs a
// command inside the container; only an exec probe translates to it (an HTTP, TCP or gRPC check
// would need a client in the image that the component cannot know is there), so the others are
// refused there with the fix.
import { Platform } from "./args";
import { Problem, optionalEnum, optionalInteger, optionalStrings } from "./problem";

/** An HTTP header a probe sends. */
export interface HttpHeader {
    /** Header name, e.g. `Cookie`. */
    name: string;
    /** Header value. */
    value: string;
}

/** The scheme of an HTTP probe. */
export const ProbeScheme = {
    /** Plain HTTP (the default). */
    HTTP: "HTTP",
    /** HTTPS, without verifying the certificate. */
    HTTPS: "HTTPS",
} as const;
/** The scheme of an HTTP probe. */
export type ProbeScheme = (typeof ProbeScheme)[keyof typeof ProbeScheme];

/** `GET` a path; healthy on a status from 200 to 399. Kubernetes only. */
export interface HttpGetProbe {
    /** Request path; default `/`. */
    path?: string;
    /** Port number to call. Give this or `portName`. */
    port?: number;
    /** Name of a container port to call (e.g. `http`). Give this or `port`. */
    portName?: string;
    /** `HTTP` (default) or `HTTPS` (the certificate is not verified). */
    scheme?: ProbeScheme;
    /** Host to call; default the pod's IP. */
    host?: string;
    /** Headers to send. */
    httpHeaders?: HttpHeader[];
}

/** Open a TCP connection; healthy when it connects. Kubernetes only. */
export interface TcpSocketProbe {
    /** Port number. Give this or `portName`. */
    port?: number;
    /** Name of a container port. Give this or `port`. */
    portName?: string;
    /** Host to connect to; default the pod's IP. */
    host?: string;
}

/** Call the gRPC health-checking protocol (`grpc.health.v1.Health/Check`). Kubernetes only. */
export interface GrpcProbe {
    /** Port number of the gRPC server. */
    port: number;
    /** Service name sent in the request; default the empty name (the server as a whole). */
    service?: string;
}

/**
 * One health check: exactly one of `exec`, `httpGet`, `tcpSocket` or `grpc`, and its timing.
 * Kubernetes: the container's probe, field for field. Docker and Swarm: the `healthcheck`, from an
 * `exec` probe only (`periodSeconds` → interval, `timeoutSeconds` → timeout, `initialDelaySeconds`
 * → start period, `failureThreshold` → retries).
 */
export interface Probe {
    /** Command run inside the container (no shell); healthy on exit status 0. */
    exec?: string[];
    /** HTTP GET check (Kubernetes only). */
    httpGet?: HttpGetProbe;
    /** TCP connect check (Kubernetes only). */
    tcpSocket?: TcpSocketProbe;
    /** gRPC health check (Kubernetes only). */
    grpc?: GrpcProbe;
    /** Seconds after the container starts before the first check. */
    initialDelaySeconds?: number;
    /** Seconds between checks (Kubernetes default 10). */
    periodSeconds?: number;
    /** Seconds a check may take (Kubernetes default 1). */
    timeoutSeconds?: number;
    /** Consecutive successes to count as healthy again (Kubernetes; must be 1 for liveness and startup). */
    successThreshold?: number;
    /** Consecutive failures to count as unhealthy (Kubernetes default 3). */
    failureThreshold?: number;
    /** Kubernetes: grace period when this probe kills the container, overriding the pod's. */
    terminationGracePeriodSeconds?: number;
}

/** The three probes a container may have, as arguments. */
export interface ProbeArgs {
    /** Restart the container when this fails. */
    livenessProbe?: Probe;
    /** Take the pod out of its Service while this fails. */
    readinessProbe?: Probe;
    /** Hold the other probes until this succeeds once (slow starters). Kubernetes only. */
    startupProbe?: Probe;
}

export const probeKinds = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
export type ProbeKind = (typeof probeKinds)[number];

/** A Kubernetes probe object (plain JSON). */
export type KubernetesProbe = Record<string, unknown>;

/** The probes checked, as Kubernetes objects keyed by field name. */
export type ResolvedProbes = Partial<Record<ProbeKind, KubernetesProbe>>;

const handlerKeys = ["exec", "httpGet", "tcpSocket", "grpc"] as const;

function portOf(spec: { port?: unknown; portName?: unknown }, argument: string): number | string {
    if ((spec.port === undefined) === (spec.portName === undefined)) {
        throw new Problem(argument, "needs exactly one of port (a number) or portName (a container port's name)");
    }
    if (spec.port !== undefined) {
        return optionalInteger(spec.port, `${argument}.port`, 1, 65535) as number;
    }
    if (typeof spec.portName !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.portName) || spec.portName.length > 15) {
        throw new Problem(
            `${argument}.portName`,
            `${JSON.stringify(spec.portName)} is not a port name; use the name of one of the container's ports, e.g. "http"`,
        );
    }
    return spec.portName;
}

/** Check one probe and return it as a Kubernetes probe. */
export function resolveProbe(probe: Probe, argument: string, kind: ProbeKind, portNames: readonly string[]): KubernetesProbe {
    if (probe === null || typeof probe !== "object") {
        throw new Problem(argument, 'is not an object; write e.g. { httpGet: { path: "/healthz", port: 8080 } }');
    }
    const given = handlerKeys.filter((k) => probe[k] !== undefined);
    if (given.length !== 1) {
        throw new Problem(
            argument,
            `sets ${given.length === 0 ? "no check" : given.join(" and ")}; give exactly one of exec, httpGet, tcpSocket or grpc`,
        );
    }
    const result: KubernetesProbe = {};
    if (probe.exec !== undefined) {
        const command = optionalStrings(probe.exec, `${argument}.exec`) ?? [];
        if (command.length === 0) {
            throw new Problem(`${argument}.exec`, 'is empty; give the command and its arguments, e.g. ["pg_isready", "-U", "postgres"]');
        }
        result.exec = { command };
    }
    if (probe.httpGet !== undefined) {
        const h = probe.httpGet;
        const port = portOf(h, `${argument}.httpGet`);
        if (h.path !== undefined && (typeof h.path !== "string" || !h.path.startsWith("/"))) {
            throw new Problem(
                `${argument}.httpGet.path`,
                `${JSON.stringify(h.path)} is not an absolute request path; write e.g. "/healthz"`,
            );
        }
        const scheme = optionalEnum(h.scheme, `${argument}.httpGet.scheme`, ["HTTP", "HTTPS"] as const);
        (h.httpHeaders ?? []).forEach((header, i) => {
            if (!header || typeof header.name !== "string" || header.name === "" || typeof header.value !== "string") {
                throw new Problem(`${argument}.httpGet.httpHeaders[${i}]`, "needs a name and a string value");
            }
        });
        result.httpGet = {
            ...(h.path !== undefined ? { path: h.path } : {}),
            port,
            ...(h.host !== undefined ? { host: h.host } : {}),
            ...(scheme !== undefined ? { scheme } : {}),
            ...(h.httpHeaders !== undefined ? { httpHeaders: h.httpHeaders.map((x) => ({ name: x.name, value: x.value })) } : {}),
        };
        checkPortName(port, portNames, `${argument}.httpGet.portName`);
    }
    if (probe.tcpSocket !== undefined) {
        const port = portOf(probe.tcpSocket, `${argument}.tcpSocket`);
        result.tcpSocket = { port, ...(probe.tcpSocket.host !== undefined ? { host: probe.tcpSocket.host } : {}) };
        checkPortName(port, portNames, `${argument}.tcpSocket.portName`);
    }
    if (probe.grpc !== undefined) {
        const port = optionalInteger(probe.grpc.port, `${argument}.grpc.port`, 1, 65535);
        if (port === undefined) {
            throw new Problem(`${argument}.grpc.port`, "is missing; give the gRPC server's port number");
        }
        result.grpc = { port, ...(probe.grpc.service !== undefined ? { service: probe.grpc.service } : {}) };
    }
    const timing: Array<[keyof Probe, number]> = [
        ["initialDelaySeconds", 0],
        ["periodSeconds", 1],
        ["timeoutSeconds", 1],
        ["successThreshold", 1],
        ["failureThreshold", 1],
        ["terminationGracePeriodSeconds", 1],
    ];
    for (const [field, min] of timing) {
        const value = optionalInteger(probe[field], `${argument}.${field}`, min);
        if (value !== undefined) {
            result[field] = value;
        }
    }
    if ((kind === "livenessProbe" || kind === "startupProbe") && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
        throw new Problem(`${argument}.successThreshold`, `is ${probe.successThreshold}, but Kubernetes requires 1 for a ${kind}; omit it`);
    }
    return result;
}

function checkPortName(port: number | string, portNames: readonly string[], argument: string): void {
    if (typeof port === "string" && !portNames.includes(port)) {
        throw new Problem(
            argument,
            `"${port}" is not the name of one of the container's ports (${portNames.length > 0 ? portNames.map((n) => `"${n}"`).join(", ") : "it has none"}); name the port in ports, or give the port number`,
        );
    }
}

/** Check the probes of one container (`prefix` is "" for the main container, `sidecars[0].` for others). */
export function resolveProbes(args: ProbeArgs, prefix: string, portNames: readonly string[]): ResolvedProbes {
    const resolved: ResolvedProbes = {};
    for (const kind of probeKinds) {
        const probe = args[kind];
        if (probe !== undefined) {
            resolved[kind] = resolveProbe(probe, `${prefix}${kind}`, kind, portNames);
        }
    }
    return resolved;
}

/** A Docker / Swarm healthcheck, in the provider's shape. */
export interface Healthcheck {
    tests: string[];
    interval?: string;
    timeout?: string;
    startPeriod?: string;
    retries?: number;
}

/**
 * The Docker / Swarm healthcheck of the probes, or undefined without probes. Docker has one health
 * state per container, which Swarm uses both to restart a task and to route to it: a liveness and
 * a readiness probe can share it only when they are the same check. Refuses what cannot translate.
 */
export function dockerHealthcheck(platform: Platform, probes: ResolvedProbes, args: ProbeArgs): Healthcheck | undefined {
    if (probes.startupProbe !== undefined) {
        throw new Problem(
            "startupProbe",
            `has no counterpart on the ${platform} platform; drop it and set livenessProbe.initialDelaySeconds, which becomes the healthcheck's start period`,
        );
    }
    const { livenessProbe: live, readinessProbe: ready } = probes;
    if (live !== undefined && ready !== undefined && JSON.stringify(live) !== JSON.stringify(ready)) {
        throw new Problem(
            "readinessProbe",
            `differs from livenessProbe, but ${platform} has one healthcheck per container; give one of them, or the same check in both`,
        );
    }
    const probe = live ?? ready;
    if (probe === undefined) {
        return undefined;
    }
    const kind: ProbeKind = live !== undefined ? "livenessProbe" : "readinessProbe";
    const exec = probe.exec as { command: string[] } | undefined;
    if (exec === undefined) {
        const check = handlerKeys.find((k) => probe[k] !== undefined);
        throw new Problem(
            `${kind}.${check}`,
            `cannot become a ${platform} healthcheck, which runs a command inside the container; write it as exec with a client the image has, e.g. exec: ["wget", "-q", "-O-", "http://localhost:8080/healthz"]`,
        );
    }
    for (const field of ["successThreshold", "terminationGracePeriodSeconds"] as const) {
        if (args[kind]?.[field] !== undefined) {
            throw new Problem(`${kind}.${field}`, `has no counterpart in a ${platform} healthcheck; omit it`);
        }
    }
    const seconds = (n: unknown) => (typeof n === "number" ? `${n}s` : undefined);
    return {
        tests: ["CMD", ...exec.command],
        ...(probe.periodSeconds !== undefined ? { interval: seconds(probe.periodSeconds) } : {}),
        ...(probe.timeoutSeconds !== undefined ? { timeout: seconds(probe.timeoutSeconds) } : {}),
        ...(probe.initialDelaySeconds !== undefined ? { startPeriod: seconds(probe.initialDelaySeconds) } : {}),
        ...(probe.failureThreshold !== undefined ? { retries: probe.failureThreshold as number } : {}),
    };
}
