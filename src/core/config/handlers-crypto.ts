import { canonicalDigest } from './ciphers';
import type { Compression } from './profile';
import type { MaterialSlot } from './draft';
import {
  flagField,
  oneOf,
  textField,
  type DirectiveHandler,
  type HandlerContext,
  type HandlerTable,
} from './handler';

/** Key material, data-channel crypto, user authentication and server-verification directives. */

export const INLINE_REF = '[inline]';

/** Records `DIRECTIVE FILE`: reads FILE now, or waits for the `<tag>` block on `[inline]`. */
export function takeFileRef(ctx: HandlerContext, slot: MaterialSlot, ref: string): void {
  if (ref === INLINE_REF) {
    ctx.draft.inlinePending[slot] = ctx.line;
    return;
  }
  const bytes = ctx.tree.read(ref, ctx.line);
  ctx.draft.material[slot] = {
    text: Buffer.from(bytes).toString('utf8'),
    bytes,
    origin: ref,
    line: ctx.line,
  };
}

function keyDirectionArg(ctx: HandlerContext, value: string | undefined): 0 | 1 | null {
  if (value === '0') return 0;
  if (value === '1') return 1;
  if (value?.toLowerCase() === 'bidirectional') return null;
  return ctx.fail(`${ctx.name}: key direction must be 0, 1 or bidirectional, got "${value ?? ''}"`);
}

const fileDirective = (slot: MaterialSlot): DirectiveHandler => ({
  min: 1,
  max: 1,
  run: ([ref = ''], ctx) => takeFileRef(ctx, slot, ref),
});

const COMPRESSION_BY_NAME: ReadonlyMap<string, Compression> = new Map([
  ['stub', 'stub'],
  ['stub-v2', 'stub-v2'],
  ['lz4', 'lz4'],
  ['lz4-v2', 'lz4-v2'],
  ['lzo', 'lzo'],
]);

function compressArg(ctx: HandlerContext, value: string | undefined): Compression {
  if (value === undefined) return 'stub';
  const found = COMPRESSION_BY_NAME.get(value.toLowerCase());
  if (!found)
    return ctx.fail(
      `compress: unknown algorithm "${value}"; use stub, stub-v2, lz4, lz4-v2 or lzo`,
    );
  return found;
}

const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

export const cryptoHandlers: HandlerTable = {
  ca: fileDirective('ca'),
  cert: fileDirective('cert'),
  key: fileDirective('key'),
  pkcs12: fileDirective('pkcs12'),
  'extra-certs': fileDirective('extra-certs'),
  'tls-crypt': fileDirective('tls-crypt'),
  'tls-auth': {
    min: 1,
    max: 2,
    run: ([ref = '', direction], ctx) => {
      takeFileRef(ctx, 'tls-auth', ref);
      if (direction !== undefined) ctx.draft.tlsAuthDirection = keyDirectionArg(ctx, direction);
    },
  },
  'tls-crypt-v2': {
    min: 1,
    max: 2,
    run: ([ref = '', mode], ctx) => {
      if (mode !== undefined) oneOf(ctx, mode, ['force-cookie', 'allow-noncookie'] as const);
      takeFileRef(ctx, 'tls-crypt-v2', ref);
    },
  },
  'key-direction': {
    min: 1,
    max: 1,
    run: ([value], ctx) => {
      ctx.draft.keyDirection = keyDirectionArg(ctx, value);
    },
  },
  cipher: {
    min: 1,
    max: 1,
    run: ([name = ''], ctx) => {
      ctx.draft.cipher = { name, line: ctx.line };
    },
  },
  'data-ciphers': {
    min: 1,
    max: 1,
    run: ([list = ''], ctx) => {
      ctx.draft.dataCiphers = { names: list.split(':').filter(Boolean), line: ctx.line };
    },
  },
  'ncp-ciphers': {
    min: 1,
    max: 1,
    run: ([list = ''], ctx) => {
      ctx.draft.dataCiphers = { names: list.split(':').filter(Boolean), line: ctx.line };
    },
  },
  'data-ciphers-fallback': {
    min: 1,
    max: 1,
    run: ([name = ''], ctx) => {
      ctx.draft.dataCiphersFallback = name;
    },
  },
  auth: {
    min: 1,
    max: 1,
    run: ([name = ''], ctx) => {
      // Checked here too, so that the error names this line.
      if (canonicalDigest(name) === undefined)
        ctx.fail(`auth: digest "${name}" is not supported; use SHA1, SHA256, SHA384 or SHA512`);
      ctx.draft.digest = name;
    },
  },
  'comp-lzo': {
    min: 0,
    max: 1,
    run: ([mode], ctx) => {
      if (mode !== undefined) oneOf(ctx, mode, ['yes', 'no', 'adaptive'] as const);
      ctx.draft.compression = 'lzo';
      ctx.draft.compLzo = true;
    },
  },
  compress: {
    min: 0,
    max: 1,
    run: ([algorithm], ctx) => {
      ctx.draft.compression = compressArg(ctx, algorithm);
      ctx.draft.compLzo = false;
    },
  },
  'allow-compression': {
    min: 1,
    max: 1,
    run: ([value], ctx) => {
      ctx.draft.fields.allowCompression = oneOf(ctx, value, ['no', 'asym', 'yes'] as const);
    },
  },
  'auth-user-pass': {
    min: 0,
    max: 1,
    run: ([ref], ctx) => {
      ctx.draft.authUserPass = true;
      if (ref !== undefined) takeFileRef(ctx, 'auth-user-pass', ref);
    },
  },
  'static-challenge': {
    min: 2,
    max: 3,
    run: ([text = '', echo], ctx) => {
      const shown = oneOf(ctx, echo, ['0', '1'] as const);
      ctx.draft.fields.staticChallenge = { text, echo: shown === '1' };
    },
  },
  'auth-nocache': flagField('authNoCache'),
  'remote-cert-tls': {
    min: 1,
    max: 1,
    run: ([role], ctx) => {
      if (role !== 'server') ctx.fail('remote-cert-tls: a client profile must say "server"');
      ctx.draft.fields.remoteCertTls = 'server';
    },
  },
  'remote-cert-ku': {
    min: 0,
    max: 6,
    run: (values, ctx) => {
      for (const v of values) {
        if (!/^[0-9a-f]{1,4}$/i.test(v)) ctx.fail(`remote-cert-ku: "${v}" is not a hex key usage`);
      }
      ctx.draft.fields.remoteCertKu = values.map((v) => v.toLowerCase());
    },
  },
  'remote-cert-eku': textField('remoteCertEku'),
  'verify-x509-name': {
    min: 1,
    max: 2,
    run: ([name = '', type], ctx) => {
      const kind =
        type === undefined
          ? 'subject'
          : oneOf(ctx, type, ['subject', 'name', 'name-prefix'] as const);
      ctx.draft.fields.verifyX509Name = { name, type: kind };
    },
  },
  'tls-version-min': {
    min: 1,
    max: 2,
    run: ([version, orHighest], ctx) => {
      ctx.draft.fields.tlsVersionMin = oneOf(ctx, version, TLS_VERSIONS);
      if (orHighest !== undefined) oneOf(ctx, orHighest, ['or-highest'] as const);
    },
  },
  'tls-version-max': {
    min: 1,
    max: 1,
    run: ([version], ctx) => {
      ctx.draft.fields.tlsVersionMax = oneOf(ctx, version, TLS_VERSIONS);
    },
  },
  'tls-cipher': textField('tlsCipher'),
  'tls-ciphersuites': textField('tlsCiphersuites'),
  'tls-groups': textField('tlsGroups'),
};
