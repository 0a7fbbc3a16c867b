/**
 * The data-path parameters for one connection: compression framing (pushed, else the profile's own
 * line: init.c do_deferred_options), the MSS to clamp to, and the keepalive timers (pushed values
 * win; a UDP pull client restarts after 120 s of silence by default, init.c
 * update_options_ce_post).
 */
import type { Compression, Profile } from '../../config/profile';
import { lookupDigest } from '../crypto/digest';
import type { DataCipherInfo } from '../data/ciphers';
import { createCompressionFraming, type CompressionFraming } from '../data/compression';
import { effectiveMss } from '../data/mss';
import type { ResolvedRemote } from '../transport/resolve-remotes';
import type { PushedConfig } from '../push/pushed-config';

export interface DataPathSettings {
  compression: Compression;
  framing: CompressionFraming;
  maxMss: number;
  ping: number;
  pingRestart: number;
  pingExit: number;
}

export function dataPathSettings(
  profile: Profile,
  pushed: PushedConfig,
  cipher: DataCipherInfo,
  target: ResolvedRemote,
  tunMtu: number,
): DataPathSettings {
  const compression = pushed.compression ?? (profile.compLzo ? 'lzo' : profile.compression);
  const framing = createCompressionFraming(compression, tunMtu + 256);
  const mss = effectiveMss({
    ...(profile.mssfix !== undefined ? { mssfix: profile.mssfix } : {}),
    cipher,
    ...(cipher.kind === 'cbc' ? { digest: lookupDigest(profile.digest) } : {}),
    proto: target.remote.proto,
    family: target.family,
    dataV2: pushed.peerId !== undefined,
    compressionOverhead: framing.overhead,
  });
  return {
    compression,
    framing,
    maxMss: profile.mssfix === 0 ? 0 : mss,
    ping: pushed.ping ?? profile.ping ?? 0,
    pingRestart:
      pushed.pingRestart ?? profile.pingRestart ?? (target.remote.proto === 'udp' ? 120 : 0),
    pingExit: pushed.pingExit ?? profile.pingExit ?? 0,
  };
}
