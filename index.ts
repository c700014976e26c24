// immutable-workloads: the ImmutableService component. The policy pack lives in policy-pack/.
export * from "./components";
