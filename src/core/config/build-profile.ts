import { ConfigError } from '../errors';
import { canonicalDigest, DEFAULT_DIGEST, effectiveCiphers } from './ciphers';
import { certificateWarnings, describeCertificate } from './certificates';
import type { Draft } from './draft';
import { resolveMaterial } from './material';
import type { CertificateInfo, Profile, Remote } from './profile';
import { SERVER_NOT_VERIFIED, verifiesServerIdentity } from './server-verification';

/** OpenVPN's defaults for what a config leaves out. */
const DEFAULT_PORT = 1194;

export interface BuildOptions {
  name: string;
  configLabel: string;
  source: Profile['source'];
  p12Password?: string;
  now: Date;
}

/** Applies defaults and cross-checks to a parsed config and yields the stored Profile. */
export function buildProfile(draft: Draft, opts: BuildOptions, warnings: string[]): Profile {
  const fail = (message: string, line?: number): never => {
    throw new ConfigError(
      line === undefined ? { file: opts.configLabel } : { file: opts.configLabel, line },
      message,
    );
  };
  if (draft.remotes.length === 0) {
    fail('no "remote" line: the profile does not say which server to connect to');
  }
  const remotes: Remote[] = draft.remotes.map((r) => {
    const family = r.family ?? (r.proto === undefined ? draft.defaultFamily : undefined);
    return {
      host: r.host,
      port: r.port ?? draft.defaultPort ?? DEFAULT_PORT,
      proto: r.proto ?? draft.defaultProto ?? 'udp',
      ...(family ? { family } : {}),
    };
  });

  if (!draft.fields.pull) {
    warnings.push(
      `${opts.configLabel}: the config has no "client" or "pull" line; Gangway always pulls settings from the server`,
    );
  }
  const material = resolveMaterial(draft, opts.configLabel, opts.p12Password);
  for (const note of material.notes) warnings.push(note);
  if (!material.cert && !material.pkcs12 && !draft.authUserPass) {
    fail(
      'no client credentials: the profile has neither a client certificate (cert and key, or pkcs12) nor auth-user-pass',
    );
  }

  const ciphers = effectiveCiphers({
    ...(draft.dataCiphers ? { dataCiphers: draft.dataCiphers.names } : {}),
    ...(draft.cipher ? { cipher: draft.cipher.name } : {}),
    ...(draft.dataCiphersFallback ? { fallback: draft.dataCiphersFallback } : {}),
  });
  const cipherLine = draft.cipher?.line ?? draft.dataCiphers?.line;
  const at = cipherLine === undefined ? opts.configLabel : `${opts.configLabel}:${cipherLine}`;
  for (const note of ciphers.notes) warnings.push(`${at}: ${note}`);
  if (ciphers.error) fail(ciphers.error, draft.dataCiphers?.line ?? draft.cipher?.line);

  const digest = draft.digest === undefined ? DEFAULT_DIGEST : canonicalDigest(draft.digest);
  if (digest === undefined)
    fail(
      `auth: digest "${draft.digest ?? ''}" is not supported; use SHA1, SHA256, SHA384 or SHA512`,
    );

  const certificates: CertificateInfo[] = [
    ...material.caCerts.map((c) => describeCertificate(c, 'ca')),
    ...(material.clientCert ? [describeCertificate(material.clientCert, 'client')] : []),
    ...material.extraCertList.map((c) => describeCertificate(c, 'extra')),
  ];
  for (const info of certificates) {
    for (const w of certificateWarnings(info, opts.now)) warnings.push(`${opts.configLabel}: ${w}`);
  }

  const f = draft.fields;
  if (!verifiesServerIdentity(f)) warnings.push(`${opts.configLabel}: ${SERVER_NOT_VERIFIED}`);
  return {
    name: opts.name,
    remotes,
    remoteRandom: f.remoteRandom ?? false,
    connectRetry: f.connectRetry ?? { initial: 1, max: 300 },
    ...(f.connectRetryMax !== undefined ? { connectRetryMax: f.connectRetryMax } : {}),
    serverPollTimeout: f.serverPollTimeout ?? 120,
    resolvRetry: f.resolvRetry ?? 'infinite',
    ...(f.localPort !== undefined ? { localPort: f.localPort } : {}),
    ca: material.ca,
    ...(material.cert ? { cert: material.cert } : {}),
    ...(material.key ? { key: material.key } : {}),
    ...(material.pkcs12 ? { pkcs12: material.pkcs12 } : {}),
    ...(material.keyEncrypted ? { keyEncrypted: true } : {}),
    ...(material.extraCerts ? { extraCerts: material.extraCerts } : {}),
    tlsWrap: material.tlsWrap,
    dataCiphers: ciphers.dataCiphers,
    ...(ciphers.fallback ? { dataCiphersFallback: ciphers.fallback } : {}),
    digest: digest as string,
    compression: draft.compression ?? 'none',
    compLzo: draft.compLzo,
    ...(f.allowCompression ? { allowCompression: f.allowCompression } : {}),
    authUserPass: draft.authUserPass,
    ...(material.username ? { username: material.username } : {}),
    ...(f.staticChallenge ? { staticChallenge: f.staticChallenge } : {}),
    authNoCache: f.authNoCache ?? false,
    ...pick(f, [
      'remoteCertTls',
      'remoteCertKu',
      'remoteCertEku',
      'verifyX509Name',
      'tlsVersionMin',
      'tlsVersionMax',
      'tlsCipher',
      'tlsCiphersuites',
      'tlsGroups',
      'renegBytes',
      'renegPackets',
      'tranWindow',
      'replayWindow',
      'ping',
      'pingRestart',
      'pingExit',
      'mssfix',
      'redirectGateway',
      'dhcpOptions',
      'dnsOptions',
    ]),
    renegSec: f.renegSec ?? 3600,
    explicitExitNotify: f.explicitExitNotify ?? 0,
    tunMtu: f.tunMtu ?? 1500,
    // Gangway is a pull client only (static ifconfig is refused), so pull is always on.
    pull: true,
    routeNoPull: f.routeNoPull ?? false,
    pullFilters: f.pullFilters ?? [],
    routes: f.routes ?? [],
    peerInfoExtras: f.peerInfoExtras ?? {},
    dev: 'tun',
    certificates,
    warnings,
    source: opts.source,
  };
}

function pick<K extends keyof Profile>(
  fields: Partial<Profile>,
  keys: K[],
): Partial<Pick<Profile, K>> {
  const out: Partial<Pick<Profile, K>> = {};
  for (const k of keys) if (fields[k] !== undefined) out[k] = fields[k];
  return out;
}
