/**
 * The HMAC-SHA256 signatures the simulated venues check (Bybit's stream auth and REST, Binance
 * SIGNED endpoints, Deribit `client_signature` and `deri-hmac-sha256`, BitMEX `api-signature`:
 * hex digests; OKX login and `OK-ACCESS-SIGN`: base64 digests), compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export function hmacBase64(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64');
}

/** True when `signature` is the hex HMAC-SHA256 of `payload` under `secret`. */
export function signatureMatches(secret: string, payload: string, signature: string): boolean {
  return same(hmacHex(secret, payload), signature);
}

/** True when `signature` is the base64 HMAC-SHA256 of `payload` under `secret` (OKX). */
export function base64SignatureMatches(secret: string, payload: string, signature: string): boolean {
  return same(hmacBase64(secret, payload), signature);
}

function same(expected: string, signature: string): boolean {
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
