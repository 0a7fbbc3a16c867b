/** The TunnelInfo shown while connected, from what was configured. */
import type { TunnelInfo } from '../../../shared/tunnel-state';
import type { Compression } from '../../config/profile';
import type { TunConfig, TunDevice } from '../../platform/network';
import type { DataCipherInfo } from '../data/ciphers';

export function tunnelInfo(
  tun: TunDevice,
  config: TunConfig,
  cipher: DataCipherInfo,
  digest: string,
  compression: Compression,
  peerId: number | undefined,
): TunnelInfo {
  return {
    interfaceName: tun.name,
    ...(config.ipv4 ? { ipv4: `${config.ipv4.address}/${config.ipv4.prefixLength}` } : {}),
    ...(config.ipv6 ? { ipv6: `${config.ipv6.address}/${config.ipv6.prefixLength}` } : {}),
    routes: config.routes.map((r) => r.destination),
    dns: config.dns?.servers ?? [],
    cipher: cipher.name,
    ...(cipher.kind === 'cbc' ? { digest } : {}),
    compression,
    ...(peerId !== undefined ? { peerId } : {}),
    mtu: tun.mtu,
  };
}
