import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the dev host: only a page it served itself. The socket URL carries a random
 * per-run token (compared in constant time), the Origin must be our own origin (a page on any
 * other site cannot drive the socket), and the Host must be our address (defeats DNS rebinding).
 */

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  // Hashing first makes the comparison length-independent as well as constant-time.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && allowedHosts(port).has(host.toLowerCase());
}

export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  return [...allowedHosts(port)].some((h) => origin.toLowerCase() === `http://${h}`);
}

export type AccessDecision = { ok: true } | { ok: false; status: number; reason: string };

export function checkSocketRequest(
  req: IncomingMessage,
  port: number,
  token: string,
): AccessDecision {
  if (!hostAllowed(req, port)) return { ok: false, status: 421, reason: 'unexpected Host header' };
  if (!originAllowed(req, port))
    return { ok: false, status: 403, reason: 'foreign or missing Origin' };
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (!tokenMatches(token, url.searchParams.get('token'))) {
    return { ok: false, status: 403, reason: 'wrong or missing token' };
  }
  return { ok: true };
}
