import { ConfigError } from '../errors';
import { INLINE_CAPABLE, allKnownDirectives, classifyDirective } from './directives';
import { emptyDraft, type Draft, type MaterialSlot } from './draft';
import { checkArity, makeContext, type DirectiveHandler } from './handler';
import { connectionHandlers } from './handlers-connection';
import { cryptoHandlers } from './handlers-crypto';
import { runtimeHandlers } from './handlers-runtime';
import { lexConfig, type BlockItem, type DirectiveItem } from './lexer';
import type { SourceTree } from './source-tree';
import { nearest } from './suggest';

/**
 * Every supported directive's handler; tests check this matches SUPPORTED_DIRECTIVES. A Map, so
 * that a directive named after an Object.prototype member (`constructor`, `__proto__`) finds none.
 */
export const HANDLERS: ReadonlyMap<string, DirectiveHandler> = new Map(
  Object.entries({
    ...connectionHandlers,
    ...cryptoHandlers,
    ...runtimeHandlers,
    // `<connection>` is handled below as a block; as a plain line it is an error.
    connection: {
      min: 0,
      max: 0,
      run: (_args, ctx) => ctx.fail('connection must be a <connection> … </connection> block'),
    },
  }),
);

/** Directives allowed inside a `<connection>` block (OpenVPN's OPT_P_CONNECTION set, client side). */
const CONNECTION_SCOPED = new Set([
  'remote',
  'proto',
  'port',
  'rport',
  'lport',
  'nobind',
  'connect-retry',
  'connect-retry-max',
  'server-poll-timeout',
  'connect-timeout',
  'explicit-exit-notify',
  'mssfix',
  'tun-mtu',
  'bind',
  'local',
  'float',
  'link-mtu',
  'tun-mtu-extra',
  'fragment',
  'http-proxy',
  'socks-proxy',
]);

export interface ParsedConfig {
  draft: Draft;
  warnings: string[];
}

export function parseConfigText(text: string, tree: SourceTree): ParsedConfig {
  const draft = emptyDraft();
  const warnings: string[] = [];
  walk(lexConfig(text, tree.configLabel), draft, tree, warnings, false);
  return { draft, warnings };
}

function walk(
  items: ReturnType<typeof lexConfig>,
  draft: Draft,
  tree: SourceTree,
  warnings: string[],
  inConnection: boolean,
): void {
  for (const item of items) {
    if (item.kind === 'block') applyBlock(item, draft, tree, warnings, inConnection);
    else applyDirective(item, draft, tree, warnings, inConnection);
  }
}

function applyDirective(
  item: DirectiveItem,
  draft: Draft,
  tree: SourceTree,
  warnings: string[],
  inConnection: boolean,
): void {
  let { name, args } = item;
  let optional = false;
  // `setenv opt X …` is OpenVPN's way to say "X is fine to skip if you don't know it".
  if (name === 'setenv' && args[0] === 'opt' && args.length >= 2) {
    name = (args[1] ?? '').replace(/^--/, '');
    args = args.slice(2);
    optional = true;
  }
  const ctx = makeContext(draft, tree, name, item.line, warnings);
  if (inConnection && !CONNECTION_SCOPED.has(name)) {
    ctx.fail(`"${name}" is not allowed inside a <connection> block`);
  }
  const cls = classifyDirective(name);
  switch (cls.kind) {
    case 'refused':
      return ctx.fail(`directive "${name}" is refused: ${cls.reason}; remove it from the config`);
    case 'ignored':
      return ctx.warn(`directive "${name}" is ignored: ${cls.reason}`);
    case 'unknown': {
      if (optional || draft.optionalUnknown.has(name) || draft.forwardCompatible) {
        return ctx.warn(`unknown directive "${name}" is ignored (the config marks it optional)`);
      }
      const guess = nearest(name, allKnownDirectives());
      return ctx.fail(`unknown directive "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
    }
    case 'supported': {
      const handler = HANDLERS.get(name);
      if (!handler) return ctx.fail(`directive "${name}" has no handler`);
      checkArity(handler, args, ctx);
      handler.run(args, ctx);
    }
  }
}

function applyBlock(
  item: BlockItem,
  draft: Draft,
  tree: SourceTree,
  warnings: string[],
  inConnection: boolean,
): void {
  const { tag, line } = item;
  const ctx = makeContext(draft, tree, tag, line, warnings);
  const cls = classifyDirective(tag);
  if (cls.kind === 'refused') {
    ctx.fail(
      `directive "${tag}" is refused: ${cls.reason}; remove the <${tag}> block from the config`,
    );
  }
  if (cls.kind === 'unknown') {
    const guess = nearest(tag, INLINE_CAPABLE);
    ctx.fail(`unknown inline block <${tag}>${guess ? ` (did you mean <${guess}>?)` : ''}`);
  }
  if (!INLINE_CAPABLE.has(tag)) ctx.fail(`"${tag}" cannot be given as an inline <${tag}> block`);
  if (inConnection) ctx.fail(`<${tag}> is not allowed inside a <connection> block`);
  if (tag === 'connection') {
    walk(lexConfig(item.content, tree.configLabel, item.contentLine), draft, tree, warnings, true);
    return;
  }
  const slot = tag as MaterialSlot;
  if (slot === 'auth-user-pass') draft.authUserPass = true;
  draft.material[slot] = {
    text: item.content,
    ...(slot === 'pkcs12' ? { bytes: base64Block(item, tree) } : {}),
    origin: `<${tag}> block`,
    line,
  };
  delete draft.inlinePending[slot];
}

function base64Block(item: BlockItem, tree: SourceTree): Uint8Array {
  const compact = item.content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length === 0) {
    throw new ConfigError(
      { file: tree.configLabel, line: item.line },
      `<${item.tag}> block must hold base64 text`,
    );
  }
  return Buffer.from(compact, 'base64');
}
