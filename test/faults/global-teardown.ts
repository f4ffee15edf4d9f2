import type { OwnCluster } from './own-cluster';

export default function globalTeardown(): void {
  // The whole cluster goes, databases and all.
  (globalThis as { __requisiteFaultsCluster?: OwnCluster }).__requisiteFaultsCluster?.destroy();
}
