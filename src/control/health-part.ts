/**
 * One part of the system as `/health` reports it. `ok` false makes the whole answer 503 and
 * names the part in `failing`.
 */
export interface HealthPart {
  /** `risk`, `journal`, `state`, `kill-switch`, `feed:<name>`. */
  readonly name: string;
  readonly ok: boolean;
  /** What the operator should read: why it fails, or what was last seen. */
  readonly detail: string;
  /** Ms since the part last showed a sign of life (as observed by the server), when it beats. */
  readonly ageMs?: number;
  /** The longest silence tolerated (ms). */
  readonly deadlineMs?: number;
  /** Errors the part counted (the journal's write errors). */
  readonly errors?: number;
}

/** Something the server asks for parts at every `/health`, `/metrics` and stream tick. */
export interface HealthProbe {
  /** The parts now (`nowMs`: the server's clock). Called often: observe, never wait. */
  check(nowMs: number): readonly HealthPart[];
}
