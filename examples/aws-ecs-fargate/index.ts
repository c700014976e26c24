// nginx on AWS ECS Fargate, immutably. The container definition sets readonlyRootFilesystem, so
// nothing can write code into the running image; Fargate has no tmpfs, so the three directories
// nginx writes are task-storage volumes (ephemeral, gone with the task, bounded by the task's
// ephemeral storage); and the image is pinned by digest, so what runs is what was tested.
// The policy pack reads containerDefinitions, a JSON string, container by container.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
// Pinned by digest (`docker buildx imagetools inspect nginxinc/nginx-unprivileged:1.27` prints it):
// pulumi config set image nginxinc/nginx-unprivileged:1.27@sha256:<digest>
const image = config.require("image");
const subnetIds = config.getObject<string[]>("subnetIds") ?? ["subnet-0123456789abcdef0"];
const securityGroupIds = config.getObject<string[]>("securityGroupIds") ?? ["sg-0123456789abcdef0"];

const cluster = new aws.ecs.Cluster("web", {});
const logs = new aws.cloudwatch.LogGroup("web", { name: "/ecs/web", retentionInDays: 30 });

// The paths nginx writes, each a task-storage volume mounted only where it is needed.
const writablePaths = [
    { volume: "cache", path: "/var/cache/nginx" },
    { volume: "run", path: "/var/run" },
    { volume: "tmp", path: "/tmp" },
];

const taskDefinition = new aws.ecs.TaskDefinition("web", {
    family: "web",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
    volumes: writablePaths.map((w) => ({ name: w.volume })),
    containerDefinitions: pulumi.jsonStringify([
        {
            name: "nginx",
            image,
            essential: true,
            readonlyRootFilesystem: true,
            user: "101:101",
            portMappings: [{ containerPort: 8080, protocol: "tcp" }],
            mountPoints: writablePaths.map((w) => ({ sourceVolume: w.volume, containerPath: w.path, readOnly: false })),
            logConfiguration: {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": logs.name,
                    "awslogs-region": aws.config.region ?? "us-east-1",
                    "awslogs-stream-prefix": "nginx",
                },
            },
        },
    ]),
});

const service = new aws.ecs.Service("web", {
    cluster: cluster.arn,
    taskDefinition: taskDefinition.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: { subnets: subnetIds, securityGroups: securityGroupIds, assignPublicIp: false },
});

export const serviceName = service.name;
export const taskDefinitionArn = taskDefinition.arn;
