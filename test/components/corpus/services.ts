// Real workloads of the corpus written as ImmutableServices, by hand, each with every difference
// from its original manifest that the comparison allows and why. corpusServices.test.ts builds each
// under Pulumi mocks and compares it with the original (test/fixtures/corpus/kubernetes, verbatim
// copies); agreement.test.ts runs what they build through the policy pack.
//
// Each list is complete: the comparison accepts no other difference, and every difference listed
// must occur. They are built from a few kinds (the helpers below): names (auto-names, the
// component's selector label), the immutability additions (read-only root, no privilege
// escalation, writable directories in memory and bounded), and defaults the component writes.
//
// These are field-by-field comparisons under mocks; whether each image really runs with a
// read-only root and the writable paths chosen here was not tried on a cluster.
import { Affinity, ContainerSpec, EnvValueSource, ImmutableServiceArgs } from "../../../components";
import { AllowedDifference } from "./compare";

/** One corpus workload, as an ImmutableService. */
export interface CorpusService {
    readonly file: string;
    readonly kind: string;
    /** The workload's name in the manifest. */
    readonly name: string;
    /** The ImmutableService's name (the original's app.kubernetes.io/instance label when it has one). */
    readonly component: string;
    readonly args: ImmutableServiceArgs;
    /** Every difference from the original this workload has, and why. */
    readonly allowed: readonly AllowedDifference[];
}

const boutique = "GoogleCloudPlatform__microservices-demo__release_kubernetes-manifests.yaml";
const argocd = "argoproj__argo-cd__manifests_namespace-install.yaml";

// Online Boutique runs every service as uid/gid 1000 (fsGroup 1000), drops every capability and
// says privileged: false; the last has no argument (false is the default), so it goes through the
// data escape hatch.
const boutiqueSecurity: Partial<ImmutableServiceArgs> = {
    user: { uid: 1000, gid: 1000 },
    capabilities: { drop: ["ALL"] },
    containerOverrides: { securityContext: { privileged: false } },
};

// Argo CD reads most of its settings from two ConfigMaps, each key optional.
const params = (key: string): EnvValueSource => ({ configMapKey: { name: "argocd-cmd-params-cm", key, optional: true } });
const argocdCm = (key: string): EnvValueSource => ({ configMapKey: { name: "argocd-cm", key, optional: true } });
const argocdHardening = {
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: "RuntimeDefault" as const,
};
const argocdAntiAffinity = (name: string): Affinity => ({
    podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
            {
                weight: 100,
                podAffinityTerm: {
                    labelSelector: { matchLabels: { "app.kubernetes.io/name": name } },
                    topologyKey: "kubernetes.io/hostname",
                },
            },
            {
                weight: 5,
                podAffinityTerm: {
                    labelSelector: { matchLabels: { "app.kubernetes.io/part-of": "argocd" } },
                    topologyKey: "kubernetes.io/hostname",
                },
            },
        ],
    },
});

const kubePrometheusHardening = {
    capabilities: { drop: ["ALL"] },
    seccompProfile: "RuntimeDefault" as const,
};

const grafanaDashboards = [
    "alertmanager-overview",
    "apiserver",
    "cluster-total",
    "controller-manager",
    "grafana-overview",
    "k8s-resources-cluster",
    "k8s-resources-multicluster",
    "k8s-resources-namespace",
    "k8s-resources-node",
    "k8s-resources-nodes-overview",
    "k8s-resources-pod",
    "k8s-resources-windows-cluster",
    "k8s-resources-windows-namespace",
    "k8s-resources-windows-pod",
    "k8s-resources-workload",
    "k8s-resources-workloads-namespace",
    "k8s-windows-cluster-rsrc-use",
    "k8s-windows-node-rsrc-use",
    "kubelet",
    "namespace-by-pod",
    "namespace-by-workload",
    "node-cluster-rsrc-use",
    "node-rsrc-use",
    "nodes-aix",
    "nodes-darwin",
    "nodes",
    "persistentvolumesusage",
    "pod-total",
    "prometheus-remote-write",
    "prometheus",
    "proxy",
    "scheduler",
    "workload-total",
];

const rbacProxyCiphers =
    "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305";
const rbacProxy = (
    name: string,
    port: number,
    portName: string,
    upstream: number,
    cpuLimit: string,
    cpuRequest: string,
): ContainerSpec => ({
    name,
    image: "quay.io/brancz/kube-rbac-proxy:v0.22.1",
    args: [`--secure-listen-address=:${port}`, rbacProxyCiphers, `--upstream=http://127.0.0.1:${upstream}/`],
    ports: [{ containerPort: port, name: portName }],
    resources: { limits: { cpu: cpuLimit, memory: "40Mi" }, requests: { cpu: cpuRequest, memory: "20Mi" } },
    user: { uid: 65532, gid: 65532 },
    ...kubePrometheusHardening,
});

const ingressNginxImage =
    "registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1";

// The differences, as building blocks each workload's list is made of.
const instance = "app.kubernetes.io/instance";

/** Pulumi auto-names the workload, and the component selects its pods by its own label. */
/** `instanceLabelAdded: false` when the original already labels (and selects) by app.kubernetes.io/instance with the component's name. */
function names(originalSelector: string[], options: { instanceLabelAdded?: boolean; serviceName?: boolean } = {}): AllowedDifference[] {
    const added = options.instanceLabelAdded ?? true;
    return [
        { change: "removed", path: "metadata.name", reason: "names: Pulumi auto-names the workload <name>-<8 hex>" },
        ...originalSelector.map((key): AllowedDifference => ({
            change: "removed",
            path: `spec.selector.matchLabels[${key}]`,
            reason: `names: the pods are selected by ${instance}, not ${key} (which they still carry)`,
        })),
        ...(originalSelector.length > 0 && added
            ? [
                  {
                      change: "added",
                      path: `spec.selector.matchLabels[${instance}]`,
                      reason: "names: the component's selector",
                  } as AllowedDifference,
              ]
            : []),
        ...(added
            ? [
                  {
                      change: "added",
                      path: `metadata.labels[${instance}]`,
                      reason: "names: the selector label on the workload",
                  } as AllowedDifference,
                  {
                      change: "added",
                      path: `pod.labels[${instance}]`,
                      reason: "names: the selector label on the pods",
                  } as AllowedDifference,
              ]
            : []),
        ...(options.serviceName
            ? [
                  {
                      change: "changed",
                      path: "spec.serviceName",
                      reason: "names: the StatefulSet's headless Service is the component's, auto-named",
                  } as AllowedDifference,
              ]
            : []),
    ];
}
const oneReplica: AllowedDifference = {
    change: "added",
    path: "spec.replicas",
    built: 1,
    reason: "defaults: Kubernetes' default of one replica, written out",
};
const podLabels = (labels: Record<string, string>): AllowedDifference[] =>
    Object.entries(labels).map(([key, value]) => ({
        change: "added",
        path: `pod.labels[${key}]`,
        built: value,
        reason: "labels: the workload's labels go on its pods too",
    }));
const fsGroup = (gid?: number): AllowedDifference[] => [
    ...(gid !== undefined
        ? [
              {
                  change: "added",
                  path: "pod.spec.securityContext.fsGroup",
                  built: gid,
                  reason: "user: fsGroup is the user's gid, so volumes are writable for it",
              } as AllowedDifference,
          ]
        : []),
    {
        change: "added",
        path: "pod.spec.securityContext.fsGroupChangePolicy",
        built: "OnRootMismatch",
        reason: "user: volumes are re-owned only when their root does not match",
    },
];
const portNames = (container: string, ports: number[]): AllowedDifference[] =>
    ports.map((port) => ({
        change: "added",
        path: `pod.containers[${container}].ports[${port}/TCP].name`,
        built: `tcp-${port}`,
        reason: "names: the component names every port <protocol>-<port>",
    }));
const readOnlyRoot = (container: string, change: "added" | "changed" = "added"): AllowedDifference[] => [
    {
        change,
        path: `pod.containers[${container}].securityContext.readOnlyRootFilesystem`,
        built: true,
        reason: "immutability: the root filesystem is read-only",
    },
    ...(change === "added"
        ? [
              {
                  change: "added",
                  path: `pod.containers[${container}].securityContext.allowPrivilegeEscalation`,
                  built: false,
                  reason: "immutability: no setuid escalation",
              } as AllowedDifference,
          ]
        : []),
];
/** An emptyDir of the original, now in memory and bounded. */
const inMemory = (container: string, path: string, sizeLimit = "64Mi", alreadyMemory = false): AllowedDifference[] => [
    ...(alreadyMemory
        ? []
        : [
              {
                  change: "added",
                  path: `pod.containers[${container}].mounts[${path}].volume.emptyDir.medium`,
                  built: "Memory",
                  reason: "immutability: the writable directory is in memory (it was on the node's disk)",
              } as AllowedDifference,
          ]),
    {
        change: "added",
        path: `pod.containers[${container}].mounts[${path}].volume.emptyDir.sizeLimit`,
        built: sizeLimit,
        reason: "immutability: the writable directory is bounded (it was not)",
    },
];
/** A writable directory the original did not have: the read-only root needs it. */
const newWritable = (container: string, path: string, why: string): AllowedDifference => ({
    change: "added",
    path: `pod.containers[${container}].mounts[${path}]**`,
    reason: `immutability: ${path} writable, in memory and bounded: ${why}`,
});
const claimLabels = (container: string, path: string, labels: string[]): AllowedDifference[] =>
    labels.map((key) => ({
        change: "added",
        path: `pod.containers[${container}].mounts[${path}].volume.volumeClaimTemplate.labels[${key}]`,
        reason: "labels: the component's labels on the claims",
    }));

export const corpusServices: readonly CorpusService[] = [
    {
        file: boutique,
        kind: "Deployment",
        name: "frontend",
        component: "frontend",
        args: {
            containerName: "server",
            image: "us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/frontend:v0.10.6",
            labels: { app: "frontend" },
            podAnnotations: { "sidecar.istio.io/rewriteAppHTTPProbers": "true" },
            serviceAccountName: "frontend",
            ...boutiqueSecurity,
            ports: [8080],
            readinessProbe: {
                initialDelaySeconds: 10,
                httpGet: { path: "/_healthz", port: 8080, httpHeaders: [{ name: "Cookie", value: "shop_session-id=x-readiness-probe" }] },
            },
            livenessProbe: {
                initialDelaySeconds: 10,
                httpGet: { path: "/_healthz", port: 8080, httpHeaders: [{ name: "Cookie", value: "shop_session-id=x-liveness-probe" }] },
            },
            env: {
                PORT: "8080",
                PRODUCT_CATALOG_SERVICE_ADDR: "productcatalogservice:3550",
                CURRENCY_SERVICE_ADDR: "currencyservice:7000",
                CART_SERVICE_ADDR: "cartservice:7070",
                RECOMMENDATION_SERVICE_ADDR: "recommendationservice:8080",
                SHIPPING_SERVICE_ADDR: "shippingservice:50051",
                CHECKOUT_SERVICE_ADDR: "checkoutservice:5050",
                AD_SERVICE_ADDR: "adservice:9555",
                SHOPPING_ASSISTANT_SERVICE_ADDR: "shoppingassistantservice:80",
                ENABLE_PROFILER: "0",
            },
            resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
        },
        allowed: [...names(["app"]), oneReplica, ...fsGroup(), ...portNames("server", [8080])],
    },
    {
        file: boutique,
        kind: "Deployment",
        name: "cartservice",
        component: "cartservice",
        args: {
            containerName: "server",
            image: "us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/cartservice:v0.10.6",
            labels: { app: "cartservice" },
            serviceAccountName: "cartservice",
            terminationGracePeriodSeconds: 5,
            ...boutiqueSecurity,
            ports: [7070],
            env: { REDIS_ADDR: "redis-cart:6379" },
            resources: { requests: { cpu: "200m", memory: "64Mi" }, limits: { cpu: "300m", memory: "128Mi" } },
            readinessProbe: { initialDelaySeconds: 15, grpc: { port: 7070 } },
            livenessProbe: { initialDelaySeconds: 15, periodSeconds: 10, grpc: { port: 7070 } },
        },
        allowed: [...names(["app"]), oneReplica, ...fsGroup(), ...portNames("server", [7070])],
    },
    {
        file: boutique,
        kind: "Deployment",
        name: "redis-cart",
        component: "redis-cart",
        args: {
            containerName: "redis",
            image: "redis:alpine",
            labels: { app: "redis-cart" },
            ...boutiqueSecurity,
            ports: [6379],
            readinessProbe: { periodSeconds: 5, tcpSocket: { port: 6379 } },
            livenessProbe: { periodSeconds: 5, tcpSocket: { port: 6379 } },
            // The cart's snapshots: the original's unbounded disk emptyDir, here 64Mi in memory
            // (counted against the 256Mi limit).
            writablePaths: [{ path: "/data", volumeName: "redis-data" }],
            resources: { limits: { memory: "256Mi", cpu: "125m" }, requests: { cpu: "70m", memory: "200Mi" } },
        },
        allowed: [...names(["app"]), oneReplica, ...fsGroup(), ...portNames("redis", [6379]), ...inMemory("redis", "/data")],
    },
    {
        file: argocd,
        kind: "Deployment",
        name: "argocd-repo-server",
        component: "argocd-repo-server",
        args: {
            containerName: "argocd-repo-server",
            image: "quay.io/argoproj/argocd:latest",
            imagePullPolicy: "Always",
            args: ["/usr/local/bin/argocd-repo-server"],
            labels: {
                "app.kubernetes.io/component": "repo-server",
                "app.kubernetes.io/name": "argocd-repo-server",
                "app.kubernetes.io/part-of": "argocd",
            },
            serviceAccountName: "argocd-repo-server",
            automountServiceAccountToken: false,
            nodeSelector: { "kubernetes.io/os": "linux" },
            affinity: argocdAntiAffinity("argocd-repo-server"),
            ...argocdHardening,
            ports: [8081, 8084],
            livenessProbe: {
                httpGet: { path: "/healthz?full=true", port: 8084 },
                failureThreshold: 3,
                initialDelaySeconds: 30,
                periodSeconds: 30,
                timeoutSeconds: 5,
            },
            readinessProbe: { httpGet: { path: "/healthz", port: 8084 }, initialDelaySeconds: 5, periodSeconds: 10 },
            env: { HELM_CACHE_HOME: "/helm-working-dir", HELM_CONFIG_HOME: "/helm-working-dir", HELM_DATA_HOME: "/helm-working-dir" },
            valueFrom: {
                REDIS_PASSWORD: { secretKey: { name: "argocd-redis", key: "auth" } },
                GRPC_ENABLE_TXT_SERVICE_CONFIG: params("reposerver.grpc.enable.txt.service.config"),
                ARGOCD_RECONCILIATION_TIMEOUT: argocdCm("timeout.reconciliation"),
                ARGOCD_REPO_SERVER_LOGFORMAT: params("reposerver.log.format"),
                ARGOCD_REPO_SERVER_LOGLEVEL: params("reposerver.log.level"),
                ARGOCD_LOG_FORMAT_TIMESTAMP: params("log.format.timestamp"),
                ARGOCD_REPO_SERVER_PARALLELISM_LIMIT: params("reposerver.parallelism.limit"),
                ARGOCD_REPO_SERVER_LISTEN_ADDRESS: params("reposerver.listen.address"),
                ARGOCD_REPO_SERVER_LISTEN_METRICS_ADDRESS: params("reposerver.metrics.listen.address"),
                ARGOCD_REPO_SERVER_DISABLE_TLS: params("reposerver.disable.tls"),
                ARGOCD_TLS_MIN_VERSION: params("reposerver.tls.minversion"),
                ARGOCD_TLS_MAX_VERSION: params("reposerver.tls.maxversion"),
                ARGOCD_TLS_CIPHERS: params("reposerver.tls.ciphers"),
                ARGOCD_REPO_SERVER_CLIENT_CA_PATH: params("reposerver.client.ca.path"),
                ARGOCD_REPO_CACHE_EXPIRATION: params("reposerver.repo.cache.expiration"),
                REDIS_SERVER: params("redis.server"),
                REDIS_SENTINEL_HOSTS: params("redis.sentinel.hosts"),
                REDIS_SENTINEL_MASTER: params("redis.sentinel.master"),
                REDIS_COMPRESSION: params("redis.compression"),
                REDISDB: params("redis.db"),
                ARGOCD_REDIS_KEY_PREFIX: params("redis.key.prefix"),
                ARGOCD_DEFAULT_CACHE_EXPIRATION: params("reposerver.default.cache.expiration"),
                ARGOCD_REPO_SERVER_OTLP_ADDRESS: params("otlp.address"),
                ARGOCD_REPO_SERVER_OTLP_INSECURE: params("otlp.insecure"),
                ARGOCD_REPO_SERVER_OTLP_HEADERS: params("otlp.headers"),
                ARGOCD_REPO_SERVER_OTLP_ATTRS: params("otlp.attrs"),
                ARGOCD_REPO_SERVER_OTLP_SAMPLE_RATIO: params("otlp.sample.ratio"),
                ARGOCD_REPO_SERVER_MAX_COMBINED_DIRECTORY_MANIFESTS_SIZE: params("reposerver.max.combined.directory.manifests.size"),
                ARGOCD_REPO_SERVER_PLUGIN_TAR_EXCLUSIONS: params("reposerver.plugin.tar.exclusions"),
                ARGOCD_REPO_SERVER_PLUGIN_USE_MANIFEST_GENERATE_PATHS: params("reposerver.plugin.use.manifest.generate.paths"),
                ARGOCD_REPO_SERVER_ALLOW_OUT_OF_BOUNDS_SYMLINKS: params("reposerver.allow.oob.symlinks"),
                ARGOCD_REPO_SERVER_STREAMED_MANIFEST_MAX_TAR_SIZE: params("reposerver.streamed.manifest.max.tar.size"),
                ARGOCD_REPO_SERVER_STREAMED_MANIFEST_MAX_EXTRACTED_SIZE: params("reposerver.streamed.manifest.max.extracted.size"),
                ARGOCD_REPO_SERVER_HELM_MANIFEST_MAX_EXTRACTED_SIZE: params("reposerver.helm.manifest.max.extracted.size"),
                ARGOCD_REPO_SERVER_DISABLE_HELM_MANIFEST_MAX_EXTRACTED_SIZE: params("reposerver.disable.helm.manifest.max.extracted.size"),
                ARGOCD_REPO_SERVER_OCI_MANIFEST_MAX_EXTRACTED_SIZE: params("reposerver.oci.manifest.max.extracted.size"),
                ARGOCD_REPO_SERVER_DISABLE_OCI_MANIFEST_MAX_EXTRACTED_SIZE: params("reposerver.disable.oci.manifest.max.extracted.size"),
                ARGOCD_REPO_SERVER_OCI_LAYER_MEDIA_TYPES: params("reposerver.oci.layer.media.types"),
                ARGOCD_REVISION_CACHE_LOCK_TIMEOUT: params("reposerver.revision.cache.lock.timeout"),
                ARGOCD_GIT_MODULES_ENABLED: params("reposerver.enable.git.submodule"),
                ARGOCD_GIT_LS_REMOTE_PARALLELISM_LIMIT: params("reposerver.git.lsremote.parallelism.limit"),
                ARGOCD_GIT_REQUEST_TIMEOUT: params("reposerver.git.request.timeout"),
                ARGOCD_REPO_SERVER_ENABLE_BUILTIN_GIT_CONFIG: params("reposerver.enable.builtin.git.config"),
                ARGOCD_GRPC_MAX_SIZE_MB: params("reposerver.grpc.max.size"),
                ARGOCD_REPO_SERVER_INCLUDE_HIDDEN_DIRECTORIES: params("reposerver.include.hidden.directories"),
                ARGOCD_HELM_USER_AGENT: params("reposerver.helm.user.agent"),
            },
            // Four in-memory directories, 64Mi each; the original's emptyDirs were unbounded, on disk.
            writablePaths: [
                { path: "/app/config/gpg/keys", volumeName: "gpg-keyring" },
                { path: "/tmp", volumeName: "tmp" },
                { path: "/helm-working-dir", volumeName: "helm-working-dir" },
                { path: "/home/argocd/cmp-server/plugins", volumeName: "plugins" },
            ],
            configMounts: [
                { path: "/app/config/ssh", configMap: "argocd-ssh-known-hosts-cm", volumeName: "ssh-known-hosts" },
                { path: "/app/config/tls", configMap: "argocd-tls-certs-cm", volumeName: "tls-certs" },
                { path: "/app/config/gpg/source", configMap: "argocd-gpg-keys-cm", volumeName: "gpg-keys" },
                {
                    path: "/app/config/reposerver/tls",
                    secret: "argocd-repo-server-tls",
                    optional: true,
                    volumeName: "argocd-repo-server-tls",
                    items: [
                        { key: "tls.crt", path: "tls.crt" },
                        { key: "tls.key", path: "tls.key" },
                        { key: "ca.crt", path: "ca.crt" },
                    ],
                },
                {
                    path: "/app/config/reposerver/mtls",
                    secret: "argocd-repo-server-mtls",
                    optional: true,
                    volumeName: "argocd-repo-server-mtls",
                    items: [{ key: "client-ca.crt", path: "client-ca.crt" }],
                },
                {
                    path: "/home/argocd/params",
                    configMap: "argocd-cmd-params-cm",
                    optional: true,
                    volumeName: "argocd-cmd-params-cm",
                    items: [{ key: "reposerver.profile.enabled", path: "profiler.enabled" }],
                },
            ],
            // Copies the argocd binary into a directory that plugin sidecars would share.
            initContainers: [
                {
                    name: "copyutil",
                    image: "quay.io/argoproj/argocd:latest",
                    command: ["sh", "-c"],
                    args: [
                        "/bin/cp /usr/local/bin/argocd /var/run/argocd/argocd && /bin/ln -sf /var/run/argocd/argocd /var/run/argocd/argocd-cmp-server",
                    ],
                    ...argocdHardening,
                    writablePaths: [{ path: "/var/run/argocd", volumeName: "var-files" }],
                },
            ],
        },
        allowed: [
            ...names(["app.kubernetes.io/name"]),
            oneReplica,
            ...podLabels({ "app.kubernetes.io/component": "repo-server", "app.kubernetes.io/part-of": "argocd" }),
            ...portNames("argocd-repo-server", [8081, 8084]),
            ...["/app/config/gpg/keys", "/tmp", "/helm-working-dir", "/home/argocd/cmp-server/plugins"].flatMap((path) =>
                inMemory("argocd-repo-server", path),
            ),
            ...inMemory("copyutil", "/var/run/argocd"),
        ],
    },
    {
        file: argocd,
        kind: "StatefulSet",
        name: "argocd-application-controller",
        component: "argocd-application-controller",
        args: {
            kind: "StatefulSet",
            replicas: 1,
            containerName: "argocd-application-controller",
            image: "quay.io/argoproj/argocd:latest",
            imagePullPolicy: "Always",
            args: ["/usr/local/bin/argocd-application-controller"],
            workingDir: "/home/argocd",
            labels: {
                "app.kubernetes.io/component": "application-controller",
                "app.kubernetes.io/name": "argocd-application-controller",
                "app.kubernetes.io/part-of": "argocd",
            },
            serviceAccountName: "argocd-application-controller",
            nodeSelector: { "kubernetes.io/os": "linux" },
            affinity: argocdAntiAffinity("argocd-application-controller"),
            ...argocdHardening,
            ports: [8082],
            readinessProbe: { httpGet: { path: "/healthz", port: 8082 }, initialDelaySeconds: 5, periodSeconds: 10 },
            env: { ARGOCD_CONTROLLER_REPLICAS: "1", KUBECACHEDIR: "/tmp/kubecache" },
            valueFrom: {
                REDIS_PASSWORD: { secretKey: { name: "argocd-redis", key: "auth" } },
                GRPC_ENABLE_TXT_SERVICE_CONFIG: params("controller.grpc.enable.txt.service.config"),
                ARGOCD_RECONCILIATION_TIMEOUT: argocdCm("timeout.reconciliation"),
                ARGOCD_HARD_RECONCILIATION_TIMEOUT: argocdCm("timeout.hard.reconciliation"),
                ARGOCD_RECONCILIATION_JITTER: argocdCm("timeout.reconciliation.jitter"),
                ARGOCD_REPO_ERROR_GRACE_PERIOD_SECONDS: params("controller.repo.error.grace.period.seconds"),
                ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER: params("repo.server"),
                ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_TIMEOUT_SECONDS: params("controller.repo.server.timeout.seconds"),
                ARGOCD_APPLICATION_CONTROLLER_STATUS_PROCESSORS: params("controller.status.processors"),
                ARGOCD_APPLICATION_CONTROLLER_OPERATION_PROCESSORS: params("controller.operation.processors"),
                ARGOCD_APPLICATION_CONTROLLER_HYDRATION_PROCESSORS: params("controller.hydration.processors"),
                ARGOCD_APPLICATION_CONTROLLER_LOGFORMAT: params("controller.log.format"),
                ARGOCD_APPLICATION_CONTROLLER_LOGLEVEL: params("controller.log.level"),
                ARGOCD_LOG_FORMAT_TIMESTAMP: params("log.format.timestamp"),
                ARGOCD_K8S_CLIENT_QPS: params("controller.k8s.client.qps"),
                ARGOCD_K8S_CLIENT_BURST: params("controller.k8s.client.burst"),
                ARGOCD_K8S_CLIENT_MAX_IDLE_CONNECTIONS: params("controller.k8s.client.max.idle.connections"),
                ARGOCD_K8S_TCP_TIMEOUT: params("controller.k8s.tcp.timeout"),
                ARGOCD_K8S_TCP_KEEPALIVE: params("controller.k8s.tcp.keepalive"),
                ARGOCD_K8S_TLS_HANDSHAKE_TIMEOUT: params("controller.k8s.tls.handshake.timeout"),
                ARGOCD_K8S_TCP_IDLE_TIMEOUT: params("controller.k8s.tcp.idle.timeout"),
                ARGOCD_APPLICATION_CONTROLLER_METRICS_CACHE_EXPIRATION: params("controller.metrics.cache.expiration"),
                ARGOCD_APPLICATION_CONTROLLER_METRICS_APPLICATION_LABELS: params("controller.metrics.application.labels"),
                ARGOCD_APPLICATION_CONTROLLER_METRICS_APPLICATION_CONDITIONS: params("controller.metrics.application.conditions"),
                ARGOCD_APPLICATION_CONTROLLER_METRICS_CLUSTER_LABELS: params("controller.metrics.cluster.labels"),
                ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_TIMEOUT_SECONDS: params("controller.self.heal.timeout.seconds"),
                ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_TIMEOUT_SECONDS: params("controller.self.heal.backoff.timeout.seconds"),
                ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_FACTOR: params("controller.self.heal.backoff.factor"),
                ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_CAP_SECONDS: params("controller.self.heal.backoff.cap.seconds"),
                ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_COOLDOWN_SECONDS: params("controller.self.heal.backoff.cooldown.seconds"),
                ARGOCD_SYNC_WAVE_DELAY: params("controller.sync.wave.delay.seconds"),
                ARGOCD_APPLICATION_CONTROLLER_SYNC_TIMEOUT: params("controller.sync.timeout.seconds"),
                ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_PLAINTEXT: params("controller.repo.server.plaintext"),
                ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_STRICT_TLS: params("controller.repo.server.strict.tls"),
                ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CA_CERT_PATH: params("controller.repo.server.ca.cert.path"),
                ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH: params("controller.repo.server.client.cert.path"),
                ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH: params("controller.repo.server.client.cert.key.path"),
                ARGOCD_APPLICATION_CONTROLLER_PERSIST_RESOURCE_HEALTH: params("controller.resource.health.persist"),
                ARGOCD_APP_STATE_CACHE_EXPIRATION: params("controller.app.state.cache.expiration"),
                REDIS_SERVER: params("redis.server"),
                REDIS_SENTINEL_HOSTS: params("redis.sentinel.hosts"),
                REDIS_SENTINEL_MASTER: params("redis.sentinel.master"),
                REDIS_COMPRESSION: params("redis.compression"),
                REDISDB: params("redis.db"),
                ARGOCD_REDIS_KEY_PREFIX: params("redis.key.prefix"),
                ARGOCD_DEFAULT_CACHE_EXPIRATION: params("controller.default.cache.expiration"),
                ARGOCD_APPLICATION_CONTROLLER_OTLP_ADDRESS: params("otlp.address"),
                ARGOCD_APPLICATION_CONTROLLER_OTLP_INSECURE: params("otlp.insecure"),
                ARGOCD_APPLICATION_CONTROLLER_OTLP_HEADERS: params("otlp.headers"),
                ARGOCD_APPLICATION_CONTROLLER_OTLP_ATTRS: params("otlp.attrs"),
                ARGOCD_APPLICATION_CONTROLLER_OTLP_SAMPLE_RATIO: params("otlp.sample.ratio"),
                ARGOCD_APPLICATION_NAMESPACES: params("application.namespaces"),
                ARGOCD_CONTROLLER_SHARDING_ALGORITHM: params("controller.sharding.algorithm"),
                ARGOCD_APPLICATION_CONTROLLER_KUBECTL_PARALLELISM_LIMIT: params("controller.kubectl.parallelism.limit"),
                ARGOCD_K8SCLIENT_RETRY_MAX: params("controller.k8sclient.retry.max"),
                ARGOCD_K8SCLIENT_RETRY_BASE_BACKOFF: params("controller.k8sclient.retry.base.backoff"),
                ARGOCD_APPLICATION_CONTROLLER_SERVER_SIDE_DIFF: params("controller.diff.server.side"),
                ARGOCD_IGNORE_NORMALIZER_JQ_TIMEOUT: params("controller.ignore.normalizer.jq.timeout"),
                ARGOCD_HYDRATOR_ENABLED: params("hydrator.enabled"),
                ARGOCD_CLUSTER_CACHE_BATCH_EVENTS_PROCESSING: params("controller.cluster.cache.batch.events.processing"),
                ARGOCD_CLUSTER_CACHE_EVENTS_PROCESSING_INTERVAL: params("controller.cluster.cache.events.processing.interval"),
                ARGOCD_APPLICATION_CONTROLLER_COMMIT_SERVER: params("commit.server"),
            },
            // The home directory (kubectl's cache and config) and /tmp (the kube cache), in memory.
            writablePaths: [
                { path: "/home/argocd", volumeName: "argocd-home" },
                { path: "/tmp", volumeName: "argocd-application-controller-tmp" },
            ],
            configMounts: [
                {
                    path: "/app/config/controller/tls",
                    secret: "argocd-repo-server-tls",
                    optional: true,
                    volumeName: "argocd-repo-server-tls",
                    items: [
                        { key: "tls.crt", path: "tls.crt" },
                        { key: "tls.key", path: "tls.key" },
                        { key: "ca.crt", path: "ca.crt" },
                    ],
                },
                {
                    path: "/app/config/reposerver/mtls",
                    secret: "argocd-repo-server-mtls",
                    optional: true,
                    volumeName: "argocd-repo-server-mtls",
                    items: [
                        { key: "client.crt", path: "client.crt" },
                        { key: "client.key", path: "client.key" },
                        { key: "server-ca.crt", path: "server-ca.crt" },
                    ],
                },
                {
                    path: "/home/argocd/params",
                    configMap: "argocd-cmd-params-cm",
                    optional: true,
                    volumeName: "argocd-cmd-params-cm",
                    items: [{ key: "controller.profile.enabled", path: "profiler.enabled" }],
                },
            ],
        },
        allowed: [
            ...names(["app.kubernetes.io/name"], { serviceName: true }),
            ...podLabels({ "app.kubernetes.io/component": "application-controller", "app.kubernetes.io/part-of": "argocd" }),
            ...portNames("argocd-application-controller", [8082]),
            ...inMemory("argocd-application-controller", "/home/argocd"),
            ...inMemory("argocd-application-controller", "/tmp"),
        ],
    },
    {
        file: "kubernetes__examples___archived_cockroachdb_cockroachdb-statefulset.yaml",
        kind: "StatefulSet",
        name: "cockroachdb",
        component: "cockroachdb",
        args: {
            kind: "StatefulSet",
            // The headless Service publishes pods before they are ready, so that the nodes find each other.
            statefulSet: { publishNotReadyAddresses: true },
            replicas: 3,
            containerName: "cockroachdb",
            image: "cockroachdb/cockroach:v1.1.0",
            imagePullPolicy: "IfNotPresent",
            labels: { app: "cockroachdb" },
            ports: [
                { containerPort: 26257, name: "grpc" },
                { containerPort: 8080, name: "http" },
            ],
            command: [
                "/bin/bash",
                "-ecx",
                '# The use of qualified `hostname -f` is crucial:\n# Other nodes aren\'t able to look up the unqualified hostname.\nCRARGS=("start" "--logtostderr" "--insecure" "--host" "$(hostname -f)" "--http-host" "0.0.0.0")\n# We only want to initialize a new cluster (by omitting the join flag)\n# if we\'re sure that we\'re the first node (i.e. index 0) and that\n# there aren\'t any other nodes running as part of the cluster that\n# this is supposed to be a part of (which indicates that a cluster\n# already exists and we should make sure not to create a new one).\n# It\'s fine to run without --join on a restart if there aren\'t any\n# other nodes.\nif [ ! "$(hostname)" == "cockroachdb-0" ] || \\\n   [ -e "/cockroach/cockroach-data/cluster_exists_marker" ]\nthen\n  # We don\'t join cockroachdb in order to avoid a node attempting\n  # to join itself, which currently doesn\'t work\n  # (https://github.com/cockroachdb/cockroach/issues/9625).\n  CRARGS+=("--join" "cockroachdb-public")\nfi\nexec /cockroach/cockroach ${CRARGS[*]}\n',
            ],
            affinity: {
                podAntiAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                        {
                            weight: 100,
                            podAffinityTerm: {
                                labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["cockroachdb"] }] },
                                topologyKey: "kubernetes.io/hostname",
                            },
                        },
                    ],
                },
            },
            terminationGracePeriodSeconds: 60,
            // One claim per pod, from a volumeClaimTemplate.
            persistentPaths: [{ path: "/cockroach/cockroach-data", size: "1Gi", volumeName: "datadir" }],
            // Bash's here-documents and the like.
            writablePaths: ["/tmp"],
            initContainers: [
                {
                    name: "bootstrap",
                    image: "cockroachdb/cockroach-k8s-init:0.2",
                    imagePullPolicy: "IfNotPresent",
                    args: ["-on-start=/on-start.sh", "-service=cockroachdb"],
                    valueFrom: { POD_NAMESPACE: { fieldPath: "metadata.namespace" } },
                    persistentPaths: ["/cockroach/cockroach-data"],
                },
            ],
        },
        allowed: [
            ...names(["app"], { serviceName: true }),
            ...readOnlyRoot("cockroachdb"),
            ...readOnlyRoot("bootstrap"),
            newWritable("cockroachdb", "/tmp", "bash's here-documents"),
            ...claimLabels("cockroachdb", "/cockroach/cockroach-data", ["app", instance]),
            ...claimLabels("bootstrap", "/cockroach/cockroach-data", ["app", instance]),
        ],
    },
    {
        file: "kubernetes__examples__databases_cassandra_cassandra-statefulset.yaml",
        kind: "StatefulSet",
        name: "cassandra",
        component: "cassandra",
        args: {
            kind: "StatefulSet",
            replicas: 3,
            containerName: "cassandra",
            image: "gcr.io/google-samples/cassandra:v14",
            imagePullPolicy: "Always",
            labels: { app: "cassandra" },
            terminationGracePeriodSeconds: 1800,
            ports: [
                { containerPort: 7000, name: "intra-node" },
                { containerPort: 7001, name: "tls-intra-node" },
                { containerPort: 7199, name: "jmx" },
                { containerPort: 9042, name: "cql" },
            ],
            resources: { limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "500m", memory: "1Gi" } },
            capabilities: { add: ["IPC_LOCK"] },
            // No argument for lifecycle hooks: the data escape hatch.
            containerOverrides: { lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", "nodetool drain"] } } } },
            env: {
                MAX_HEAP_SIZE: "512M",
                HEAP_NEWSIZE: "100M",
                CASSANDRA_SEEDS: "cassandra-0.cassandra.default.svc.cluster.local",
                CASSANDRA_CLUSTER_NAME: "K8Demo",
                CASSANDRA_DC: "DC1-K8Demo",
                CASSANDRA_RACK: "Rack1-K8Demo",
                CASSANDRA_SEED_PROVIDER: "io.k8s.cassandra.KubernetesSeedProvider",
            },
            valueFrom: { POD_IP: { fieldPath: "status.podIP" } },
            readinessProbe: {
                exec: ["/bin/bash", "-c", "/ready-probe.sh"],
                initialDelaySeconds: 15,
                timeoutSeconds: 5,
                periodSeconds: 10,
                failureThreshold: 3,
            },
            livenessProbe: {
                exec: ["/bin/bash", "-c", "nodetool status"],
                initialDelaySeconds: 15,
                timeoutSeconds: 5,
                periodSeconds: 10,
                failureThreshold: 3,
            },
            persistentPaths: [{ path: "/var/lib/cassandra", size: "1Gi", storageClassName: "fast", volumeName: "cassandra-data" }],
            writablePaths: ["/tmp"],
        },
        allowed: [
            ...names(["app"], { serviceName: true }),
            ...readOnlyRoot("cassandra"),
            newWritable("cassandra", "/tmp", "64Mi of the 1Gi limit"),
            ...claimLabels("cassandra", "/var/lib/cassandra", ["app", instance]),
        ],
    },
    {
        file: "prometheus-operator__kube-prometheus__manifests_grafana-deployment.yaml",
        kind: "Deployment",
        name: "grafana",
        component: "grafana",
        args: {
            containerName: "grafana",
            image: "grafana/grafana:13.1.3",
            namespace: "monitoring",
            replicas: 1,
            labels: {
                "app.kubernetes.io/component": "grafana",
                "app.kubernetes.io/name": "grafana",
                "app.kubernetes.io/part-of": "kube-prometheus",
                "app.kubernetes.io/version": "13.1.3",
            },
            podAnnotations: {
                "checksum/grafana-config": "2a2c394df13f776896c18a1961be1a39",
                "checksum/grafana-dashboardproviders": "189e9bfd1e9755fb7c432e2433d57d3c",
                "checksum/grafana-datasources": "9a760dfce5c17d3b0f698d6de938b637",
            },
            serviceAccountName: "grafana",
            automountServiceAccountToken: false,
            nodeSelector: { "kubernetes.io/os": "linux" },
            user: { uid: 65534, gid: 65534 },
            ...kubePrometheusHardening,
            ports: [{ containerPort: 3000, name: "http" }],
            readinessProbe: { httpGet: { path: "/api/health", portName: "http" } },
            resources: { limits: { cpu: "200m", memory: "200Mi" }, requests: { cpu: "100m", memory: "100Mi" } },
            // Grafana's database and plugins, 64Mi each in memory (128Mi of the 200Mi limit).
            writablePaths: [
                { path: "/var/lib/grafana", volumeName: "grafana-storage" },
                { path: "/tmp", volumeName: "tmp-plugins" },
            ],
            configMounts: [
                { path: "/etc/grafana", secret: "grafana-config", volumeName: "grafana-config" },
                { path: "/etc/grafana/provisioning/datasources", secret: "grafana-datasources", volumeName: "grafana-datasources" },
                { path: "/etc/grafana/provisioning/dashboards", configMap: "grafana-dashboards", volumeName: "grafana-dashboards" },
                ...grafanaDashboards.map((d) => ({
                    path: `/grafana-dashboard-definitions/0/${d}`,
                    configMap: `grafana-dashboard-${d}`,
                    volumeName: `grafana-dashboard-${d}`,
                })),
            ],
        },
        allowed: [
            ...names(["app.kubernetes.io/component", "app.kubernetes.io/name", "app.kubernetes.io/part-of"]),
            ...fsGroup(),
            ...inMemory("grafana", "/var/lib/grafana"),
            ...inMemory("grafana", "/tmp", "64Mi", true),
        ],
    },
    {
        file: "prometheus-operator__kube-prometheus__manifests_kubeStateMetrics-deployment.yaml",
        kind: "Deployment",
        name: "kube-state-metrics",
        component: "kube-state-metrics",
        args: {
            containerName: "kube-state-metrics",
            image: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1",
            namespace: "monitoring",
            replicas: 1,
            labels: {
                "app.kubernetes.io/component": "exporter",
                "app.kubernetes.io/name": "kube-state-metrics",
                "app.kubernetes.io/part-of": "kube-prometheus",
                "app.kubernetes.io/version": "2.19.1",
            },
            podAnnotations: { "kubectl.kubernetes.io/default-container": "kube-state-metrics" },
            serviceAccountName: "kube-state-metrics",
            automountServiceAccountToken: true,
            nodeSelector: { "kubernetes.io/os": "linux" },
            args: ["--host=127.0.0.1", "--port=8081", "--telemetry-host=127.0.0.1", "--telemetry-port=8082"],
            resources: { limits: { cpu: "100m", memory: "250Mi" }, requests: { cpu: "10m", memory: "190Mi" } },
            user: { uid: 65534, gid: 65534 },
            ...kubePrometheusHardening,
            // Two kube-rbac-proxy containers beside the exporter, as in the original (plain containers, not native sidecars).
            nativeSidecars: false,
            sidecars: [
                rbacProxy("kube-rbac-proxy-main", 8443, "https-main", 8081, "40m", "20m"),
                rbacProxy("kube-rbac-proxy-self", 9443, "https-self", 8082, "20m", "10m"),
            ],
        },
        allowed: [...names(["app.kubernetes.io/component", "app.kubernetes.io/name", "app.kubernetes.io/part-of"]), ...fsGroup(65534)],
    },
    {
        file: "kubernetes-sigs__descheduler__kubernetes_cronjob_cronjob.yaml",
        kind: "CronJob",
        name: "descheduler-cronjob",
        component: "descheduler-cronjob",
        args: {
            kind: "CronJob",
            cronJob: { schedule: "*/2 * * * *", concurrencyPolicy: "Forbid" },
            job: { restartPolicy: "Never" },
            namespace: "kube-system",
            containerName: "descheduler",
            image: "registry.k8s.io/descheduler/descheduler:v0.36.0",
            priorityClassName: "system-cluster-critical",
            serviceAccountName: "descheduler-sa",
            command: ["/bin/descheduler"],
            args: ["--policy-config-file", "/policy-dir/policy.yaml", "--v", "3"],
            resources: { requests: { cpu: "500m", memory: "256Mi" } },
            livenessProbe: {
                failureThreshold: 3,
                httpGet: { path: "/healthz", port: 10258, scheme: "HTTPS" },
                initialDelaySeconds: 3,
                periodSeconds: 10,
            },
            capabilities: { drop: ["ALL"] },
            runAsNonRoot: true,
            containerOverrides: { securityContext: { privileged: false } },
            // The policy ConfigMap is defined elsewhere (not in this file): mounted read-only, by name.
            configMounts: [{ path: "/policy-dir", configMap: "descheduler-policy-configmap", volumeName: "policy-volume" }],
        },
        allowed: [
            ...names([]),
            {
                change: "removed",
                path: "pod.name",
                reason: "names: the Job controller names its pods, ignoring the template's metadata.name",
            },
        ],
    },
    {
        file: "kubernetes__ingress-nginx__deploy_static_provider_cloud_deploy.yaml",
        kind: "Deployment",
        name: "ingress-nginx-controller",
        component: "ingress-nginx",
        args: {
            containerName: "controller",
            image: ingressNginxImage,
            imagePullPolicy: "IfNotPresent",
            namespace: "ingress-nginx",
            labels: {
                "app.kubernetes.io/component": "controller",
                "app.kubernetes.io/instance": "ingress-nginx",
                "app.kubernetes.io/name": "ingress-nginx",
                "app.kubernetes.io/part-of": "ingress-nginx",
                "app.kubernetes.io/version": "1.15.1",
            },
            serviceAccountName: "ingress-nginx",
            automountServiceAccountToken: true,
            nodeSelector: { "kubernetes.io/os": "linux" },
            terminationGracePeriodSeconds: 300,
            args: [
                "/nginx-ingress-controller",
                "--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller",
                "--election-id=ingress-nginx-leader",
                "--controller-class=k8s.io/ingress-nginx",
                "--ingress-class=nginx",
                "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller",
                "--validating-webhook=:8443",
                "--validating-webhook-certificate=/usr/local/certificates/cert",
                "--validating-webhook-key=/usr/local/certificates/key",
            ],
            env: { LD_PRELOAD: "/usr/local/lib/libmimalloc.so" },
            valueFrom: { POD_NAME: { fieldPath: "metadata.name" }, POD_NAMESPACE: { fieldPath: "metadata.namespace" } },
            ports: [
                { containerPort: 80, name: "http" },
                { containerPort: 443, name: "https" },
                { containerPort: 8443, name: "webhook" },
            ],
            resources: { requests: { cpu: "100m", memory: "90Mi" } },
            livenessProbe: {
                httpGet: { path: "/healthz", port: 10254, scheme: "HTTP" },
                failureThreshold: 5,
                initialDelaySeconds: 10,
                periodSeconds: 10,
                successThreshold: 1,
                timeoutSeconds: 1,
            },
            readinessProbe: {
                httpGet: { path: "/healthz", port: 10254, scheme: "HTTP" },
                failureThreshold: 3,
                initialDelaySeconds: 10,
                periodSeconds: 10,
                successThreshold: 1,
                timeoutSeconds: 1,
            },
            user: { uid: 101, gid: 82 },
            capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
            seccompProfile: "RuntimeDefault",
            configMounts: [{ path: "/usr/local/certificates/", secret: "ingress-nginx-admission", volumeName: "webhook-cert" }],
            // The controller writes nginx.conf into /etc/nginx, beside the image's Lua code and
            // includes, so /etc/nginx becomes an in-memory copy made by an init container (the same
            // image), shared through volumeName; its SSL and auth files go to /etc/ingress-controller.
            writablePaths: [
                { path: "/etc/nginx", volumeName: "nginx-etc", sizeLimit: "32Mi" },
                { path: "/etc/ingress-controller", sizeLimit: "16Mi" },
                "/tmp",
            ],
            initContainers: [
                {
                    name: "copy-nginx-config",
                    image: ingressNginxImage,
                    command: ["sh", "-c", "cp -a /etc/nginx/. /nginx-etc/"],
                    user: { uid: 101, gid: 82 },
                    capabilities: { drop: ["ALL"] },
                    writablePaths: [{ path: "/nginx-etc", volumeName: "nginx-etc", sizeLimit: "32Mi" }],
                },
            ],
            // No argument for these: the data escape hatch.
            containerOverrides: { lifecycle: { preStop: { exec: { command: ["/wait-shutdown"] } } } },
            podSpecOverrides: { dnsPolicy: "ClusterFirst" },
            workloadSpecOverrides: {
                minReadySeconds: 0,
                revisionHistoryLimit: 10,
                strategy: { rollingUpdate: { maxUnavailable: 1 }, type: "RollingUpdate" },
            },
        },
        allowed: [
            ...names(["app.kubernetes.io/component", "app.kubernetes.io/name"], { instanceLabelAdded: false }),
            oneReplica,
            ...fsGroup(82),
            ...readOnlyRoot("controller", "changed"),
            newWritable("controller", "/etc/nginx", "nginx.conf is rewritten at run time; an init container fills it from the image"),
            newWritable("controller", "/etc/ingress-controller", "SSL and auth files"),
            newWritable("controller", "/tmp", "nginx's temporary files"),
            {
                change: "added",
                path: "pod.containers[copy-nginx-config]**",
                reason: "an init container that copies the image's /etc/nginx into the shared in-memory volume",
            },
        ],
    },
];
