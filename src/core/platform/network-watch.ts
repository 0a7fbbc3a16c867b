/**
 * The platform seam for "the network changed": links, addresses or routes. The engine only
 * needs to know that something changed; it then looks at the path to its server itself
 * (openvpn/transport/path-probe.ts). Linux: linux/route-monitor.ts.
 */
export interface NetworkWatcher {
  /**
   * Calls `onChange` (coalesced: one call per burst of changes) until the returned function
   * is called. `onUnavailable` says once why changes cannot be watched, if they cannot.
   */
  watch(onChange: () => void, onUnavailable?: (why: string) => void): () => void;
}
