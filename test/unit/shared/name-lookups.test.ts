import path from 'node:path';
import ts from 'typescript';
import type { PeerCertificate } from 'node:tls';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/run';
import { importProfileFromText } from '../../../src/core/config';
import { ConfigError, GangwayError } from '../../../src/core/errors';
import { fetchTencentInventory } from '../../../src/core/ipsec/tencent/source';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import type { TencentApi } from '../../../src/core/ipsec/tencent/client';
import { ElementType, decodeMessage } from '../../../src/core/ipsec/vici/codec';
import { checkServerCertificate } from '../../../src/core/openvpn/control/tls-verify';
import { lookupDigest } from '../../../src/core/openvpn/crypto/digest';
import { canonicalCipherName, lookupDataCipher } from '../../../src/core/openvpn/data/ciphers';
import { parsePushedOptions } from '../../../src/core/openvpn/push/parse-pushed-options';
import * as v from '../../../src/shared/validate';
import { buildView } from '../../../src/core/ipsec/view';
import { toAdminModel } from '../../../src/renderer/admin/admin-model';
import type { AdminStatus } from '../../../src/shared/ipc-schema';
import * as fx from '../../support/ipsec-fixtures';
import { makePki, tencentOvpn, type TestPki } from '../../support/profiles';

// Every name an ordinary object answers to without holding it. A lookup table keyed by names
// from a config, a server or a file must treat each of these as unknown.
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('lookups by untrusted names see only what the table holds', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makePki('Names');
  });
  const importWith = (...lines: string[]) =>
    importProfileFromText(tencentOvpn(pki, lines), { name: 't', sourceName: 'client.ovpn' });

  it('covers the names that broke', () => {
    expect(PROTOTYPE_NAMES).toEqual(
      expect.arrayContaining(['__proto__', 'constructor', 'hasOwnProperty', 'toString']),
    );
  });

  it('a pushed option named after an Object.prototype member is an unknown option, warned about', () => {
    for (const name of PROTOTYPE_NAMES) {
      const lines = [name, `${name} x`, `setenv opt ${name} y`];
      const pushed = parsePushedOptions([...lines, 'ping 10']);
      expect(pushed.unknown, name).toEqual([name, `${name} x`]);
      expect(pushed.ignored, name).toEqual([`setenv opt ${name} y`]);
      expect(pushed.warnings, name).toEqual([
        `ignored unknown pushed option "${name}"`,
        `ignored unknown pushed option "${name} x"`,
      ]);
      expect(pushed.ping).toBe(10);
      // The pushed compression table too.
      expect(parsePushedOptions([`compress ${name}`]).compression, name).toBeUndefined();
    }
  });

  it('a config directive or argument named after one is refused with its line', async () => {
    for (const name of PROTOTYPE_NAMES) {
      const cases: Array<[string, RegExp]> = [
        [name, /unknown directive/],
        [`proto ${name}`, /unknown protocol/],
        [`remote vpn.example.com 1194 ${name}`, /unknown protocol/],
        [`compress ${name}`, /compress: unknown algorithm/],
        [`auth ${name}`, /auth: digest .* is not supported/],
      ];
      for (const [line, message] of cases) {
        const err = await importWith(line).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, line).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).message, line).toMatch(message);
        expect((err as ConfigError).location?.line, line).toBe(13);
      }
    }
  });

  it('digests, ciphers and EKU names answer only for what they list', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(() => lookupDigest(name), name).toThrow(GangwayError);
      expect(canonicalCipherName(name), name).toBe(name.toUpperCase());
      expect(lookupDataCipher(name), name).toBeUndefined();
      const cert = { ext_key_usage: ['1.3.6.1.5.5.7.3.1'] } as unknown as PeerCertificate;
      const err = checkServerCertificate({ remoteCertEku: name }, cert);
      expect(err?.message, name).toBe(
        `server certificate lacks the required extended key usage ${name}`,
      );
    }
  });

  it('a CLI command named after one is an unknown command', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const name of PROTOTYPE_NAMES) {
        stderr.mockClear();
        expect(await runCli([name]), name).toBe(2);
        expect(String(stderr.mock.calls[0]?.[0]), name).toBe(
          `gangway: unknown command "${name}"\n`,
        );
      }
    } finally {
      stderr.mockRestore();
    }
  });

  it('VICI sections keep such names as data', () => {
    const name = (s: string) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s)]);
    const value = (s: string) => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(s.length);
      return Buffer.concat([len, Buffer.from(s)]);
    };
    const msg = Buffer.concat([
      Buffer.from([ElementType.SECTION_START]),
      name('__proto__'),
      Buffer.from([ElementType.KEY_VALUE]),
      name('toString'),
      value('x'),
      Buffer.from([ElementType.SECTION_END]),
      Buffer.from([ElementType.KEY_VALUE]),
      name('constructor'),
      value('y'),
    ]);
    const decoded = decodeMessage(msg);
    expect(Object.keys(decoded)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(decoded)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toEqual({ toString: 'x' });
    expect(decoded.constructor).toBe('y');
  });

  it('IPC records keep such keys as data and objects keep their prototype', () => {
    const parsed = v.parse(
      v.record(v.string()),
      JSON.parse('{"__proto__":"a","toString":"b"}'),
      'r',
    );
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.entries(parsed)).toEqual([
      ['__proto__', 'a'],
      ['toString', 'b'],
    ]);
    const tagged = v.tagged('kind', { a: { n: v.number() } });
    for (const kind of PROTOTYPE_NAMES) {
      expect(() => v.parse(tagged, { kind, n: 1 }, 'x'), kind).toThrow(v.ValidationError);
    }
  });

  it('Tencent gateway ids named after them stay ordinary ids', async () => {
    const gateways = PROTOTYPE_NAMES.map((id) => fx.ccnGateway(id, 'ccn-1'));
    const routeSets = new Map(PROTOTYPE_NAMES.map((id, i) => [id, [{ RouteId: `r${i}` }]]));
    const api: TencentApi = {
      endpointUrl: 'https://vpc.tencentcloudapi.invalid',
      async call(action, params) {
        const id = String(params.VpnGatewayId ?? '');
        switch (action) {
          case 'DescribeVpnGateways':
            return { VpnGatewaySet: gateways, TotalCount: gateways.length };
          case 'DescribeVpnGatewayCcnRoutes':
            return {
              RouteSet: [
                {
                  ...routeSets.get(id)?.[0],
                  DestinationCidrBlock: '10.9.0.0/16',
                  Status: 'ENABLE',
                },
              ],
            };
          default:
            return { TotalCount: 0 };
        }
      },
    };
    const inv = await fetchTencentInventory(api, 'ap-guangzhou');
    expect(Object.keys(inv.ccnRoutes).sort()).toEqual([...PROTOTYPE_NAMES].sort());
    const model = normalizeTencent(inv, '2026-01-01T00:00:00.000Z');
    expect(model.gateways.map((g) => g.id)).toEqual(PROTOTYPE_NAMES);
    for (const g of model.gateways) {
      expect(g.ccnPublished, g.id).toEqual([{ destination: '10.9.0.0/16', enabled: true }]);
    }
  });
});

/**
 * The class, not only the cases above: no expression in src/ reads or writes a plain object
 * by a computed string name, nor asks `name in object`. Such a lookup goes through a Map or
 * `ownValue` (src/shared/own-property.ts). The few left are listed here with why each is safe.
 */
const REVIEWED: ReadonlyArray<{ file: string; text: string; why: string }> = [
  {
    file: 'src/shared/own-property.ts',
    text: 'table[name]',
    why: 'the one reader, after Object.hasOwn',
  },
  {
    file: 'src/core/config/pkcs12.ts',
    text: 'p12.getBags({ bagType: type })[type]',
    why: 'forge keys its answer by the bag-type OID we asked for, one of two constants',
  },
  {
    file: 'src/core/config/handlers-runtime.ts',
    text: '(ctx.draft.fields.peerInfoExtras ??= {})[name]',
    why: 'name matched /^(IV|UV)_[A-Za-z0-9_]+$/ just before, so it is no Object.prototype name',
  },
  {
    file: 'src/core/ipsec/vici/normalize.ts',
    text: 'c.child[key]',
    why: 'key is a counter name written in the code; sections have no prototype (codec.ts)',
  },
  {
    file: 'src/core/ipsec/vici/codec.ts',
    text: 'current[readName()]',
    why: 'sections are created with Object.create(null): every name is plain data',
  },
  {
    file: 'src/core/ipsec/vici/codec.ts',
    text: 'current[key]',
    why: 'sections are created with Object.create(null): every name is plain data',
  },
];

function isComputedName(type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  if (
    type.flags &
    (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)
  )
    return true;
  return type.isUnion() && type.types.some(isComputedName);
}

function isIndexedByPosition(type: ts.Type, checker: ts.TypeChecker): boolean {
  const apparent = checker.getApparentType(type);
  return (
    checker.getIndexInfoOfType(apparent, ts.IndexKind.Number) !== undefined &&
    checker.getIndexInfoOfType(apparent, ts.IndexKind.String) === undefined
  );
}

function findComputedNameLookups(): Array<{ file: string; text: string; line: number }> {
  const root = path.resolve(__dirname, '../../..');
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error('tsconfig.json did not parse');
  const srcDir = path.join(root, 'src') + path.sep;
  const program = ts.createProgram(
    config.fileNames.filter((f) => f.startsWith(srcDir)),
    config.options,
  );
  const checker = program.getTypeChecker();
  const found: Array<{ file: string; text: string; line: number }> = [];
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(srcDir)) continue;
    const file = path.relative(root, sf.fileName);
    const visit = (node: ts.Node): void => {
      let hit = false;
      if (ts.isElementAccessExpression(node)) {
        const key = checker.getTypeAtLocation(node.argumentExpression);
        const target = checker.getTypeAtLocation(node.expression);
        hit = isComputedName(key) && !isIndexedByPosition(target, checker);
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.InKeyword
      ) {
        hit = isComputedName(checker.getTypeAtLocation(node.left));
      }
      if (hit) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        found.push({ file, text: node.getText(sf), line });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

describe('no lookup through a plain object by a computed name in src/', () => {
  it('every such lookup is a Map, ownValue, or reviewed here', () => {
    const found = findComputedNameLookups();
    const unreviewed = found.filter(
      (f) => !REVIEWED.some((r) => r.file === f.file && r.text === f.text),
    );
    expect(
      unreviewed.map((f) => `${f.file}:${f.line}: ${f.text}`),
      'use a Map, or ownValue() from src/shared/own-property.ts',
    ).toEqual([]);
    const stale = REVIEWED.filter(
      (r) => !found.some((f) => r.file === f.file && r.text === f.text),
    );
    expect(stale, 'reviewed entries that no longer exist').toEqual([]);
  }, 120_000);
});

describe('the admin reachability matrix keyed by network ids from IPsec sources', () => {
  it('keeps an id named __proto__ as a row and pollutes no object', () => {
    const view = buildView(normalizeTencent(fx.scenario2()));
    expect(view.reachability.length).toBeGreaterThan(0);
    const first = view.reachability[0] as (typeof view.reachability)[number];
    const reachability = [{ ...first, from: '__proto__', to: 'polluted' }, ...view.reachability];
    const status: AdminStatus = {
      sourceId: 's',
      fetchedAt: view.source.fetchedAt,
      canControl: false,
      tunnels: [],
      findings: [],
      view: { ...view, reachability } as unknown as NonNullable<AdminStatus['view']>,
    };
    try {
      const model = toAdminModel(status, '?');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(model.reachability?.cells.get('__proto__')?.get('polluted')?.reachable).toBe(
        first.reachable,
      );
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });
});
