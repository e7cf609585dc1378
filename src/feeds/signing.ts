/**
 * HMAC-SHA256 helpers shared by the venues' signing schemes. The secret never leaves these
 * functions; the result is a signature, which is also never logged (it authenticates a request
 * until it expires).
 */
import { createHmac } from 'node:crypto';

export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export function hmacSha256Base64(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64');
}
