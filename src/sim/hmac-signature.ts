/**
 * The HMAC-SHA256 signatures the simulated venues check (Bybit's stream auth and REST, Binance
 * SIGNED endpoints): hex digest, compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** True when `signature` is the hex HMAC-SHA256 of `payload` under `secret`. */
export function signatureMatches(secret: string, payload: string, signature: string): boolean {
  const expected = hmacHex(secret, payload);
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
