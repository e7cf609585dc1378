/**
 * Where a feed writes what happened (connects, auth results, malformed samples, back-offs).
 * Messages are built from venue names, kinds, counts and frame samples: never from credential
 * values. As a second line of defence every logger a feed uses is wrapped by
 * `redactingLogger`, which replaces any occurrence of the loaded secrets before the text leaves.
 */
export interface FeedLogger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: FeedLogger = Object.freeze({ info: () => {}, warn: () => {} });

export const stderrLogger: FeedLogger = Object.freeze({
  info: (m: string) => void process.stderr.write(`riskgate feed: ${m}\n`),
  warn: (m: string) => void process.stderr.write(`riskgate feed WARN: ${m}\n`),
});

/** Replaces every non-trivial (>= 4 chars) secret in `text` with `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

export function redactingLogger(inner: FeedLogger, secrets: readonly string[]): FeedLogger {
  return {
    info: (m) => inner.info(redact(m, secrets)),
    warn: (m) => inner.warn(redact(m, secrets)),
  };
}
