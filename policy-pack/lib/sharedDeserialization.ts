// `@pulumi/policy` turns a resource's protobuf props into JavaScript once per policy: with five
// resource policies the pack paid for five copies of every resource, which made most of its cost
// over an empty pack (see `npm run bench`). This makes the Analyze path share one copy per
// request: the SDK's server looks its deserialiser up on the module object at every call, so a
// memoising wrapper keyed by the request's Struct (one object per request) serves every policy.
//
// Sharing is safe because no policy of this pack mutates props (remediation works on a copy), and
// only the read-only Analyze path (secrets not proxied) is shared: Remediate, whose props the SDK
// lets a policy change, keeps a fresh copy each time. Should the SDK's internals ever change
// shape, nothing is patched and the pack simply runs as before.

type Deserialize = ((struct: unknown, proxySecrets: boolean) => unknown) & { sharedPerRequest?: true };

/** Installs the shared deserialiser; true when it is in place. Idempotent. */
export function shareDeserializationPerRequest(): boolean {
    let module: { deserializeProperties?: Deserialize } | undefined;
    try {
        module = require("@pulumi/policy/deserialize") as { deserializeProperties?: Deserialize };
    } catch {
        return false;
    }
    const original = module?.deserializeProperties;
    if (typeof original !== "function") {
        return false;
    }
    if (original.sharedPerRequest) {
        return true;
    }
    const copies = new WeakMap<object, unknown>();
    const shared: Deserialize = (struct, proxySecrets) => {
        if (proxySecrets || struct === null || typeof struct !== "object") {
            return original(struct, proxySecrets);
        }
        if (!copies.has(struct)) {
            copies.set(struct, original(struct, false));
        }
        return copies.get(struct);
    };
    shared.sharedPerRequest = true;
    try {
        module.deserializeProperties = shared;
    } catch {
        return false;
    }
    return module.deserializeProperties === shared;
}
