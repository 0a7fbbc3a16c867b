/**
 * The IPsec admin model's public surface, for the CLI and the Electron main process.
 *
 * - Types: IpsecModel (what a source yields) and IpsecView (model + route roles,
 *   reachability, findings) from ./model.
 * - Load: loadFromTencent (VPC API 2017-03-12), loadFromVici (strongSwan), loadSnapshot.
 * - Derive: buildView(model); or deriveRouteRoles / deriveReachability / deriveFindings.
 * - Live: watchVici(uri, { onModel, onError }) pushes a fresh model on every up/down/rekey.
 * - Act: initiateTunnel / terminateTunnel (strongSwan; confirm with the admin first).
 * - Export: toSnapshot / saveSnapshot (never carry secrets); formatView for text tables.
 */
export * from './model';
export { buildView } from './view';
export { deriveRouteRoles, tunnelHealthy } from './roles';
export { deriveReachability } from './reachability';
export { deriveFindings } from './findings';
export { cidrContains, cidrOverlaps, normalizeCidr, parseCidr, tryParseCidr } from './cidr';
export { formatView } from './report';
export { loadSnapshot, parseSnapshot, saveSnapshot, toSnapshot } from './snapshot';
export { credentialsFromEnv, loadFromTencent, type LoadTencentOptions } from './tencent/source';
export type { TencentCredentials } from './tencent/client';
export {
  initiateTunnel,
  listPolicies,
  loadFromVici,
  terminateTunnel,
  watchVici,
  type TunnelChange,
  type ViciWatch,
  type WatchHandlers,
} from './vici/source';
