import { isIP } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for 127.0.0.0/8 and ::1. */
export function isLoopback(host: string): boolean {
  return host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** The host name of a `Host` header or an origin's authority, without its port. */
function hostName(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith('[')) {
    const end = a.indexOf(']');
    return end < 0 ? a : a.slice(0, end + 1);
  }
  const colon = a.indexOf(':');
  return colon < 0 ? a : a.slice(0, colon);
}

/**
 * DNS rebinding guard for a server bound to loopback: a browser tricked into sending a request
 * to 127.0.0.1 under another name still sends that name in `Host`. On loopback only loopback
 * names (and the bound address) are accepted; a server bound elsewhere sits behind a proxy that
 * owns the name, and accepts any.
 */
export function hostAllowed(hostHeader: string, boundHost: string): boolean {
  if (!isLoopback(boundHost)) return true;
  const name = hostName(hostHeader);
  return LOOPBACK_NAMES.has(name) || name === boundHost || name === `[${boundHost}]` || (isIP(name) === 4 && name.startsWith('127.'));
}

/**
 * Cross-site WebSocket guard: a browser page of another origin may not open /stream (it would
 * read positions). Non-browser clients send no `Origin` and are allowed.
 */
export function originAllowed(originHeader: string, hostHeader: string): boolean {
  if (originHeader === '') return true;
  const m = /^https?:\/\/([^/]+)$/i.exec(originHeader.trim());
  return m !== null && m[1]!.toLowerCase() === hostHeader.trim().toLowerCase();
}
