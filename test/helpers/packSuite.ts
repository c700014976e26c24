// One running pack per mocha suite: started before the suite's first test (with the pack's
// defaults configured), stopped after its last.
import { PackClient, PackConfig, repositoryPackDir, startPack } from "./analyzer";

/**
 * Registers the suite's `before`/`after` hooks and returns a client that forwards to the pack
 * they start, so that tests write `pack.analyze(...)` as with a client they started themselves.
 * Like the engine, it sends ConfigureStack first: a preview (`dryRun: true`, where sentinel
 * strings are unknowns) unless `options.preview` is false (an update).
 */
export function usePack(config: PackConfig = {}, packDir: string = repositoryPackDir, options: { preview?: boolean } = {}): PackClient {
    let running: PackClient | undefined;
    before(async function () {
        this.timeout(120_000);
        running = await startPack(packDir);
        await running.configureStack({ dryRun: options.preview ?? true });
        await running.configure(config);
    });
    after(async () => {
        await running?.close();
        running = undefined;
    });
    const current = (): PackClient => {
        if (!running) {
            throw new Error("the policy pack is used outside the suite that started it");
        }
        return running;
    };
    return {
        get startupMs() {
            return current().startupMs;
        },
        get pid() {
            return current().pid;
        },
        stderr: () => current().stderr(),
        info: () => current().info(),
        configure: (c) => current().configure(c),
        configureStack: (o) => current().configureStack(o),
        analyze: (r) => current().analyze(r),
        analyzeStack: (rs) => current().analyzeStack(rs),
        remediate: (r) => current().remediate(r),
        analyzeBytes: (b) => current().analyzeBytes(b),
        analyzeStackBytes: (b) => current().analyzeStackBytes(b),
        close: async () => undefined,
    };
}
