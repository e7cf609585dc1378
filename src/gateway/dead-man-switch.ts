/**
 * Keeps a venue's dead-man switch armed while this process lives: arms it for `windowMs` at
 * `start()`, refreshes it every `refreshMs` (well inside the window, so a slow or refused refresh
 * can be retried before the venue fires), and disarms it on `stop()`. If the process dies, the
 * refreshes stop and the venue cancels the account's resting orders when the window runs out.
 *
 * A refresh that fails is logged through `onOutcome` and retried at the next tick; the switch
 * stays armed at the venue until its window ends either way. Timers are real (`setTimeout`) and
 * keep the process alive while armed, on purpose: an armed switch is work in progress.
 */
import type { EntryOutcome, OrderEntry } from './order-entry.js';

export interface DeadManSwitchOptions {
  /** The venue's countdown (ms): orders are cancelled this long after the last refresh. */
  readonly windowMs: number;
  /** Refresh period (ms), < windowMs. */
  readonly refreshMs: number;
  /** Engine symbols whose orders the switch guards. */
  readonly symbols: readonly string[];
  /** Every arm / refresh / disarm outcome (logs, metrics). */
  readonly onOutcome?: (outcome: EntryOutcome) => void;
}

export class DeadManSwitch {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  /** The last outcome the venue gave. */
  last: EntryOutcome | undefined;

  constructor(private readonly entry: OrderEntry, private readonly options: DeadManSwitchOptions) {
    const { windowMs, refreshMs } = options;
    if (!(Number.isSafeInteger(windowMs) && windowMs > 0 && Number.isSafeInteger(refreshMs) && refreshMs > 0 && refreshMs < windowMs)) {
      throw new RangeError('options.windowMs and options.refreshMs must be positive integers with refreshMs < windowMs');
    }
  }

  /** Arms the switch; resolves with the venue's answer to the first arm (refreshes continue whatever it was). */
  async start(): Promise<EntryOutcome> {
    const first = await this.#arm(this.options.windowMs);
    this.#schedule();
    return first;
  }

  /** Stops refreshing and disarms the switch at the venue (timeout 0). */
  async stop(): Promise<EntryOutcome> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    return this.#arm(0);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.#arm(this.options.windowMs).finally(() => this.#schedule());
    }, this.options.refreshMs);
  }

  async #arm(timeoutMs: number): Promise<EntryOutcome> {
    const o = await this.entry.cancelAllAfter(timeoutMs, this.options.symbols);
    this.last = o;
    this.options.onOutcome?.(o);
    return o;
  }
}
