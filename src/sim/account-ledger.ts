/**
 * One account's truth, kept by the exchange as it matches: positions, cash, live orders, every
 * execution (with its delivery fate, updated by the account's stream) and the faults injected;
 * and, per symbol, every position the account held with its watermark, so a REST answer can be
 * given as of any past moment (`positionAt`). Single owner: the exchange's event loop.
 * `snapshot()` returns copies.
 */
import type { Instrument } from './instrument.js';
import type { SimOrder } from './sim-order.js';
import { leaves } from './sim-order.js';
import type { PositionReport } from './private-report.js';
import type { AccountTruth, ExecutionTruth, FaultRecord, PositionPoint } from './truth.js';

interface SymbolBook {
  position: number;
  worst: number;
  /** Quote received minus paid, in ticks × lots. */
  cashTicksLots: number;
  /** Average entry price of the open position, in ticks (0 when flat). */
  entryTicks: number;
}

type MutableExecution = { -readonly [K in keyof ExecutionTruth]: ExecutionTruth[K] };

export class AccountLedger {
  readonly account: string;
  readonly #symbols = new Map<string, SymbolBook>();
  readonly #history: PositionPoint[] = [];
  readonly #live = new Map<string, SimOrder>();
  readonly #executions: MutableExecution[] = [];
  readonly #byExecId = new Map<string, MutableExecution>();
  readonly #faults: FaultRecord[] = [];
  readonly #rejected: Record<string, number> = {};
  /** Per symbol, the position after each execution, in time order (one entry per execution). */
  readonly #states = new Map<string, PositionReport[]>();
  #accepted = 0;

  constructor(account: string, instruments: readonly Instrument[]) {
    this.account = account;
    for (const i of instruments) {
      this.#symbols.set(i.symbol, { position: 0, worst: 0, cashTicksLots: 0, entryTicks: 0 });
      this.#history.push({ at: 0, symbol: i.symbol, position: 0 });
    }
  }

  position(symbol: string): number {
    return this.#symbols.get(symbol)?.position ?? 0;
  }

  entryTicks(symbol: string): number {
    return this.#symbols.get(symbol)?.entryTicks ?? 0;
  }

  /**
   * The position in `symbol` as it stood at simulated time `atMs`, after every execution at or
   * before it: `seq` is the last such execution's (-1 when none), `at` the time of that execution
   * (0 when none). What a REST position query answers (`atMs` = now, or earlier when stale).
   */
  positionAt(symbol: string, atMs: number): PositionReport {
    const states = this.#states.get(symbol) ?? [];
    for (let k = states.length - 1; k >= 0; k--) if (states[k]!.at <= atMs) return states[k]!;
    return { symbol, position: 0, seq: -1, entryTicks: 0, at: 0 };
  }

  /** Every live order, in the order they were first tracked. */
  liveOrders(): SimOrder[] {
    return [...this.#live.values()];
  }

  liveOrder(clientId: string): SimOrder | undefined {
    return this.#live.get(clientId);
  }

  /** Tracks a live order by client id; a terminal one is dropped. */
  track(order: SimOrder): void {
    if (leaves(order) > 0) this.#live.set(order.clientId, order);
    else this.#live.delete(order.clientId);
  }

  accepted(): void {
    this.#accepted++;
  }

  rejected(code: string): void {
    this.#rejected[code] = (this.#rejected[code] ?? 0) + 1;
  }

  /** Applies one execution to the position and records it. */
  execute(e: ExecutionTruth, priceTicks: number): void {
    const b = this.#symbols.get(e.symbol)!;
    const signed = e.side === 'buy' ? e.qty : -e.qty;
    const before = b.position;
    const after = before + signed;
    b.cashTicksLots -= signed * priceTicks;
    if (after === 0) b.entryTicks = 0;
    else if (before === 0 || Math.sign(before) !== Math.sign(after)) b.entryTicks = priceTicks;
    else if (Math.abs(after) > Math.abs(before)) b.entryTicks = (b.entryTicks * Math.abs(before) + priceTicks * e.qty) / Math.abs(after);
    b.position = after;
    b.worst = Math.max(b.worst, Math.abs(after));
    this.#history.push({ at: e.at, symbol: e.symbol, position: after });
    let states = this.#states.get(e.symbol);
    if (states === undefined) this.#states.set(e.symbol, (states = []));
    states.push({ symbol: e.symbol, position: after, seq: e.seq, entryTicks: b.entryTicks, at: e.at });
    const rec: MutableExecution = { ...e };
    this.#executions.push(rec);
    this.#byExecId.set(e.execId, rec);
  }

  /** The stream decided this execution's fate. */
  markLost(execId: string): void {
    const r = this.#byExecId.get(execId);
    if (r !== undefined) r.lost = true;
  }

  markDuplicated(execId: string): void {
    const r = this.#byExecId.get(execId);
    if (r !== undefined) r.duplicated = true;
  }

  markDelivered(execId: string): void {
    const r = this.#byExecId.get(execId);
    if (r !== undefined) r.delivered++;
  }

  /** Records an injected fault; `until`: when it stops acting (`FaultRecord.until`), `null` while open. */
  fault(at: number, kind: string, detail: string, until: number | null): void {
    this.#faults.push({ at, kind, detail, until });
  }

  /** Closes every open fault of `kind` (`until` null) at `at`. */
  faultEnded(kind: string, at: number): void {
    for (let i = this.#faults.length - 1; i >= 0; i--) {
      const f = this.#faults[i]!;
      if (f.kind === kind && f.until === null) this.#faults[i] = { ...f, until: at };
    }
  }

  /** Leaves of the account's live orders in `symbol` on one side (lots). */
  openLots(symbol: string, side: 'buy' | 'sell'): number {
    let n = 0;
    for (const o of this.#live.values()) if (o.symbol === symbol && o.side === side) n += leaves(o);
    return n;
  }

  snapshot(now: number, instruments: ReadonlyMap<string, Instrument>, midTicks: (symbol: string) => number): AccountTruth {
    return {
      account: this.account,
      now,
      symbols: [...this.#symbols.entries()].map(([symbol, b]) => {
        const inst = instruments.get(symbol)!;
        const mid = midTicks(symbol);
        return { symbol, position: b.position, worstAbsPosition: b.worst, pnl: toQuote(inst, b.cashTicksLots + b.position * mid), mid: inst.priceText(mid) };
      }),
      history: this.#history.map((p) => ({ ...p })),
      liveOrders: [...this.#live.values()].map((o) => ({
        clientId: o.clientId, venueOrderId: o.venueId, symbol: o.symbol, side: o.side, tif: o.tif,
        price: instruments.get(o.symbol)!.priceText(o.priceTicks), qty: o.qty, cumQty: o.cum, status: o.status,
      })),
      executions: this.#executions.map((e) => ({ ...e })),
      faults: this.#faults.map((f) => ({ ...f })),
      orders: { accepted: this.#accepted, rejected: { ...this.#rejected } },
    };
  }
}

/** ticks × lots → quote currency (floating point: reporting only). */
function toQuote(inst: Instrument, ticksLots: number): number {
  return ticksLots * Number(inst.priceText(1)) * Number(inst.qtyText(1));
}
