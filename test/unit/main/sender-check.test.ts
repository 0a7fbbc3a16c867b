import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../src/main/ipc/sender-check';

const trusted = {
  webContentsId: 7,
  pageUrl: 'file:///opt/Gangway/resources/app.asar/dist/renderer/index.html',
};
const ok = { webContentsId: 7, frameUrl: trusted.pageUrl, isMainFrame: true };

describe('IPC sender check', () => {
  it('trusts the top frame of our window on our page (hash and query ignored)', () => {
    expect(isTrustedSender(ok, trusted)).toBe(true);
    expect(isTrustedSender({ ...ok, frameUrl: `${trusted.pageUrl}#/profiles?x=1` }, trusted)).toBe(
      true,
    );
  });

  it.each([
    ['another webContents', { ...ok, webContentsId: 8 }],
    ['a subframe', { ...ok, isMainFrame: false }],
    ['a destroyed frame', { ...ok, frameUrl: null }],
    ['a web page', { ...ok, frameUrl: 'https://evil.example/index.html' }],
    ['another local file', { ...ok, frameUrl: 'file:///tmp/index.html' }],
    [
      'a path-traversal lookalike',
      { ...ok, frameUrl: 'file:///opt/Gangway/resources/app.asar/dist/renderer/../../x.html' },
    ],
    ['a devtools page', { ...ok, frameUrl: 'devtools://devtools/bundled/inspector.html' }],
    ['garbage', { ...ok, frameUrl: 'not a url' }],
  ])('refuses %s', (_what, sender) => {
    expect(isTrustedSender(sender, trusted)).toBe(false);
  });

  it('refuses everything before the window exists', () => {
    expect(isTrustedSender(ok, undefined)).toBe(false);
  });
});
