/**
 * What the control server counts about itself (exported in /metrics). Owned by the server
 * thread; plain numbers.
 */
export class ServerStats {
  /** POST /kill without a valid bearer token. */
  killAuthFailures = 0;
  /** POST /kill by `mode:result` (`halt:accepted`, `halt:queue_full`, ...). */
  readonly killRequests = new Map<string, number>();
  /** Requests refused before reaching a handler's logic, by reason (`too_large`, `bad_request`, `bad_host`, `kill_disabled`). */
  readonly refused = new Map<string, number>();
  streamClients = 0;
  /** Stream clients closed because they did not keep up (their own limit or the total's). */
  streamDrops = 0;
  /** Of those, the ones dropped to hold every client's unsent bytes under `streamMaxTotalBytes`. */
  streamTotalCapDrops = 0;
  /** Unsent bytes over every stream client after the last publish. */
  streamBufferedBytes = 0;
  /** Decisions the server could not stream because the source's log had overwritten them. */
  streamMissed = 0;

  countKill(mode: string, result: string): void {
    const k = `${mode}:${result}`;
    this.killRequests.set(k, (this.killRequests.get(k) ?? 0) + 1);
  }

  countRefused(reason: string): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }
}
