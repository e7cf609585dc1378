import { Arg } from './hot-args.js';
import { RiskEngineCore } from './risk-engine-core.js';

/**
 * The risk core (`RiskEngineCore`: all state, the hot `...Args()` forms) plus conveniences that
 * take the arguments as parameters. Each writes the argument block and calls the hot form. A call
 * with a time, hashed id, fractional price or large sequence as a parameter boxes it: fine at the
 * edge and in tests, not on the risk thread (which uses the `...Args()` forms; hot-args.ts).
 */
export class RiskEngine extends RiskEngineCore {
  // Each writes the argument block and calls the hot form. A call with a time, hashed id,
  // fractional price or large sequence as a parameter boxes it: fine at the edge and in tests,
  // not on the risk thread (use the `...Args()` forms there).

  /** `venueTime`: see `Arg.VENUE_TIME` (NaN: the snapshot has none); `current`: see `Arg.SNAP_CURRENT`. */
  applySnapshot(inst: number, position: number, seq: number, venueTime = NaN, current = 0): number {
    const a = this.args;
    a[Arg.INST] = inst;
    a[Arg.POSITION] = position;
    a[Arg.SEQ] = seq;
    a[Arg.VENUE_TIME] = venueTime;
    a[Arg.SNAP_CURRENT] = current;
    return this.applySnapshotArgs();
  }

  applyFill(inst: number, orderKey: number, execKey: number, side: number, qty: number, price: number, seq: number): number {
    const a = this.args;
    a[Arg.INST] = inst;
    a[Arg.ORDER_KEY] = orderKey;
    a[Arg.EXEC_KEY] = execKey;
    a[Arg.SIDE] = side;
    a[Arg.QTY] = qty;
    a[Arg.PRICE] = price;
    a[Arg.SEQ] = seq;
    return this.applyFillArgs();
  }

  /** `side` (±1, 0 not given) and `reduceOnly` (1/0): the order as the venue reports it (`Arg.ORDER_SIDE`). */
  applyOrderUpdate(inst: number, orderKey: number, status: number, cumQty: number, leavesQty: number, side = 0, reduceOnly = 0): number {
    const a = this.args;
    a[Arg.INST] = inst;
    a[Arg.ORDER_KEY] = orderKey;
    a[Arg.STATUS] = status;
    a[Arg.CUM_QTY] = cumQty;
    a[Arg.LEAVES_QTY] = leavesQty;
    a[Arg.ORDER_SIDE] = side;
    a[Arg.ORDER_REDUCE_ONLY] = reduceOnly;
    return this.applyOrderUpdateArgs();
  }

  applyFeedStatus(inst: number, up: boolean): number {
    this.args[Arg.INST] = inst;
    this.args[Arg.UP] = up ? 1 : 0;
    return this.applyFeedStatusArgs();
  }

  applyHeartbeat(inst: number): number {
    this.args[Arg.INST] = inst;
    return this.applyHeartbeatArgs();
  }

  applyMark(inst: number, price: number): number {
    this.args[Arg.INST] = inst;
    this.args[Arg.PRICE] = price;
    return this.applyMarkArgs();
  }

  applyLease(inst: number, long: number, short: number, forMs: number): number {
    const a = this.args;
    a[Arg.INST] = inst;
    a[Arg.LEASE_LONG] = long;
    a[Arg.LEASE_SHORT] = short;
    a[Arg.LEASE_FOR_MS] = forMs;
    return this.applyLeaseArgs();
  }

  /** `reduceOnly`: the order goes out with the venue's reduce-only flag (see `Arg.REDUCE_ONLY`). */
  checkOrder(orderKey: number, inst: number, side: number, qty: number, price: number, reduceOnly = false): number {
    const a = this.args;
    a[Arg.REDUCE_ONLY] = reduceOnly ? 1 : 0;
    a[Arg.ORDER_KEY] = orderKey;
    a[Arg.INST] = inst;
    a[Arg.SIDE] = side;
    a[Arg.QTY] = qty;
    a[Arg.PRICE] = price;
    return this.checkOrderArgs();
  }

  checkCancel(orderKey: number): number {
    this.args[Arg.ORDER_KEY] = orderKey;
    return this.checkCancelArgs();
  }

  kill(mode: number, inst: number): number {
    this.args[Arg.MODE] = mode;
    this.args[Arg.INST] = inst;
    return this.killArgs();
  }
}
