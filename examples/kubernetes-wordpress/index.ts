// The legacy WordPress site, run immutably on Kubernetes: WordPress and MariaDB as two
// ImmutableServices, each with a read-only root filesystem. What they must write at run time is
// held in memory (pid and lock files, sockets, /tmp, PHP sessions); what must survive is on a
// persistent volume (uploads, the database); the code itself is in the image and nowhere else.
//
// In your own project: import { ImmutableService } from "immutable-workloads";
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ImmutableService } from "../../components";

const config = new pulumi.Config();
// The static image built from image/Dockerfile: WordPress's code copied in at build time. Pin it
// by digest once pushed (`pulumi config set wordpressImage registry.example.com/wordpress-static:6.6@sha256:…`).
const wordpressImage = config.get("wordpressImage") ?? "registry.example.com/wordpress-static:6.6";
const mariadbImage = config.get("mariadbImage") ?? "mariadb:11.4";
const dbPassword = config.requireSecret("dbPassword");
// One secret from which WordPress's eight keys and salts are derived. wp-config-docker.php reads
// them from the environment; without them it would use the placeholder "put your unique phrase here".
const saltSeed = config.requireSecret("saltSeed");
const uploadsSize = config.get("uploadsSize") ?? "10Gi";
const databaseSize = config.get("databaseSize") ?? "10Gi";

const ns = new k8s.core.v1.Namespace("wordpress", { metadata: { name: "wordpress" } });
const namespace = ns.metadata.name;

// MariaDB is a StatefulSet: a stable pod name (and DNS name through the headless Service), and its
// data volume from a volumeClaimTemplate, so a replaced pod gets the same claim back and two pods
// never share one ReadWriteOnce volume during a rollout.
const database = new ImmutableService("mariadb", {
    kind: "StatefulSet",
    image: mariadbImage,
    namespace,
    // The image's mysql user. fsGroup 999 makes the fresh data volume writable for it.
    user: { uid: 999, gid: 999 },
    ports: [{ containerPort: 3306, name: "mysql" }],
    env: {
        MARIADB_DATABASE: "wordpress",
        MARIADB_USER: "wordpress",
        MARIADB_RANDOM_ROOT_PASSWORD: "1",
    },
    // In an immutable Secret the component creates, read with secretKeyRef: never in the StatefulSet.
    secretEnv: { MARIADB_PASSWORD: dbPassword },
    writablePaths: [
        // the socket and the pid file
        { path: "/run/mysqld", sizeLimit: "1Mi" },
        // temporary tables that spill out of memory, and the entrypoint's init files
        { path: "/tmp", sizeLimit: "256Mi" },
    ],
    // A volumeClaimTemplate: one claim per pod, named data-<pod>.
    persistentPaths: [{ path: "/var/lib/mysql", size: databaseSize, volumeName: "data" }],
    // The image's own health check script: alive when the server answers, ready once InnoDB is up.
    livenessProbe: { exec: ["healthcheck.sh", "--connect"], initialDelaySeconds: 30, periodSeconds: 10 },
    readinessProbe: { exec: ["healthcheck.sh", "--connect", "--innodb_initialized"], periodSeconds: 5 },
    // Time to flush and close the tables before the kill.
    terminationGracePeriodSeconds: 60,
    resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "100m", memory: "256Mi" } },
    labels: { "app.kubernetes.io/part-of": "wordpress", "app.kubernetes.io/component": "database" },
});

const saltNames = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
];
const salts: Record<string, pulumi.Output<string>> = Object.fromEntries(
    saltNames.map((name) => [
        `WORDPRESS_${name}`,
        pulumi.secret(saltSeed.apply((seed) => crypto.createHmac("sha256", seed).update(name).digest("base64"))),
    ]),
);

const wordpress = new ImmutableService("wordpress", {
    image: wordpressImage,
    namespace,
    // www-data, as in the stock image; the static image listens on 8080 because of it.
    user: { uid: 33, gid: 33 },
    ports: [{ containerPort: 8080, publishedPort: 80, name: "http" }],
    env: {
        WORDPRESS_DB_HOST: database.serviceName.apply((name) => `${name}:3306`),
        WORDPRESS_DB_NAME: "wordpress",
        WORDPRESS_DB_USER: "wordpress",
        // The code cannot change at run time, so WordPress should not offer to: no plugin or theme
        // installs, no editor, no automatic updates. Updates are a new image and a new deployment.
        WORDPRESS_CONFIG_EXTRA: ["define('DISALLOW_FILE_MODS', true);", "define('AUTOMATIC_UPDATER_DISABLED', true);"].join("\n"),
    },
    secretEnv: { WORDPRESS_DB_PASSWORD: dbPassword, ...salts },
    writablePaths: [
        // Apache's pid file (APACHE_RUN_DIR) and its lock files (APACHE_LOCK_DIR)
        { path: "/var/run/apache2", sizeLimit: "1Mi" },
        { path: "/var/lock/apache2", sizeLimit: "1Mi" },
        // uploads in flight (PHP's upload_tmp_dir) and other temporary files
        { path: "/tmp", sizeLimit: "64Mi" },
        // PHP sessions (session.save_path, set in the image)
        { path: "/var/lib/php/sessions", sizeLimit: "16Mi" },
    ],
    // Media uploaded through the admin: data, not code, and it must survive the pod.
    persistentPaths: [{ path: "/var/www/html/wp-content/uploads", size: uploadsSize }],
    // The memory emptyDirs (82Mi at most) count against the memory limit.
    resources: { limits: { cpu: "1", memory: "512Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
    labels: { "app.kubernetes.io/part-of": "wordpress", "app.kubernetes.io/component": "web" },
});

export const namespaceName = namespace;
export const wordpressService = wordpress.serviceName;
export const databaseService = database.serviceName;
