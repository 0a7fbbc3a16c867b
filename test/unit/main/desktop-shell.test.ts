import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closeAction,
  closeExplained,
  markCloseExplained,
  trayLikelyShown,
} from '../../../src/main/close-behaviour';

describe('closing the main window', () => {
  const base = { quitting: false, trayShown: true, activeSessions: 1, explained: false };

  it('hides to the tray and says so the first time only', () => {
    expect(closeAction(base)).toBe('hide-and-explain');
    expect(closeAction({ ...base, explained: true })).toBe('hide');
  });

  it('never vanishes without a tray: quits when idle, asks when a session is up', () => {
    expect(closeAction({ ...base, trayShown: false, activeSessions: 0 })).toBe('quit');
    expect(closeAction({ ...base, trayShown: false, activeSessions: 2 })).toBe('ask');
  });

  it('lets the window close while quitting', () => {
    expect(closeAction({ ...base, quitting: true })).toBe('close');
  });

  it('remembers that the note was shown, per data directory', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gwe-close-'));
    try {
      expect(closeExplained(dir)).toBe(false);
      markCloseExplained(dir);
      expect(closeExplained(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('is there a tray to hide in?', () => {
  it.each([
    ['GNOME', false],
    ['ubuntu:GNOME', true],
    ['KDE', true],
    ['XFCE', true],
    ['X-Cinnamon', true],
    ['', true],
  ])('XDG_CURRENT_DESKTOP=%s → %s', (desktop, shown) => {
    expect(trayLikelyShown('linux', { XDG_CURRENT_DESKTOP: desktop })).toBe(shown);
  });

  it('GANGWAY_TRAY overrides the guess; other systems always have one', () => {
    expect(trayLikelyShown('linux', { XDG_CURRENT_DESKTOP: 'GNOME', GANGWAY_TRAY: 'on' })).toBe(
      true,
    );
    expect(trayLikelyShown('linux', { XDG_CURRENT_DESKTOP: 'KDE', GANGWAY_TRAY: 'off' })).toBe(
      false,
    );
    expect(trayLikelyShown('win32', { XDG_CURRENT_DESKTOP: 'GNOME' })).toBe(true);
  });
});
