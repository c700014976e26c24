// Every mount of a container, found by the container's platform and kept per container view:
// several policies read them, and views are shared (see workloadOf).
import { platformOf } from "../platforms/registry";
import { ContainerView, WorkloadView } from "./model";
import { ContainerMounts } from "./mounts";

const mountsByContainer = new WeakMap<ContainerView, ContainerMounts>();

/** Every mount of one container of a workload, with what backs it. Never throws. */
export function mountsOf(view: WorkloadView, container: ContainerView): ContainerMounts {
    let found = mountsByContainer.get(container);
    if (!found) {
        found = platformOf(view).mountsOf(view, container);
        mountsByContainer.set(container, found);
    }
    return found;
}
