import { DenyReason, denyReasonName } from '../risk/deny-reason.js';
import type { OrderRequest } from '../scenario/scenario-types.js';
import type { DecisionContext } from './decision-context.js';

/** The check stages of `RiskEngine.checkOrder`, in order (first failure decides). */
export type CheckStage = 'per-order' | 'trading state' | 'position limit' | 'throttle' | 'all passed';

const STAGE: Record<number, CheckStage> = {
  [DenyReason.UNKNOWN_INSTRUMENT]: 'per-order', [DenyReason.INVALID_ORDER]: 'per-order',
  [DenyReason.DUPLICATE_ORDER_ID]: 'per-order', [DenyReason.MAX_ORDER_QTY]: 'per-order',
  [DenyReason.MAX_ORDER_NOTIONAL]: 'per-order', [DenyReason.PRICE_BAND]: 'per-order', [DenyReason.DUPLICATE_ORDER]: 'per-order',
  [DenyReason.KILL_SWITCH]: 'trading state', [DenyReason.FLIP_FLOP]: 'trading state', [DenyReason.REDUCE_ONLY]: 'trading state',
  [DenyReason.FEED_STALE]: 'trading state', [DenyReason.SEQUENCE_GAP]: 'trading state',
  [DenyReason.POSITION_MISMATCH]: 'trading state', [DenyReason.UNCONFIRMED_FILLS]: 'trading state',
  [DenyReason.POSITION_LIMIT]: 'position limit', [DenyReason.LEASE_LIMIT]: 'position limit',
  [DenyReason.MAX_OPEN_ORDERS]: 'throttle', [DenyReason.RATE_LIMIT]: 'throttle',
  [DenyReason.JOURNAL_DOWN]: 'trading state', [DenyReason.NET_POSITION_LIMIT]: 'position limit',
  [DenyReason.STRATEGY_POSITION_LIMIT]: 'position limit', [DenyReason.STRATEGY_NOTIONAL_LIMIT]: 'position limit',
  [DenyReason.ORDER_TO_TRADE]: 'throttle',
  [DenyReason.LOSS_LIMIT]: 'trading state', [DenyReason.DRAWDOWN_LIMIT]: 'trading state',
  [DenyReason.ACCOUNT_GROSS_NOTIONAL]: 'position limit', [DenyReason.ACCOUNT_NET_NOTIONAL]: 'position limit',
};

export interface RuleExplanation {
  readonly code: number;
  /** `APPROVED` or the deny reason's stable name. */
  readonly reason: string;
  readonly stage: CheckStage;
  /** The rule with the numbers, e.g. `POSITION_LIMIT: estPosMax 3 + openBuy 1 + qty 2 = 6 > maxLong 5`. */
  readonly rule: string;
  /** Whether the order was risk-reducing (the health gate and reduce-only let those through). */
  readonly reducing?: boolean;
}

/** Extra facts the engine does not expose, supplied by the replay: approvals in the rate window. */
export interface ReplayFacts {
  readonly approvedInRateWindow?: number;
}

function n(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

/** The position check of stage 3 as text, with `>`/`<` when it fails and `<=`/`>=` when it holds. */
export function positionRule(ctx: DecisionContext, req: OrderRequest): string {
  const s = ctx.instrument!.state;
  const c = ctx.instrument!.config;
  if (req.side === 'buy') {
    const worst = s.estPosMax + s.openBuy + req.qty;
    return `estPosMax ${n(s.estPosMax)} + openBuy ${n(s.openBuy)} + qty ${req.qty} = ${n(worst)} ${worst > c.maxLong ? '>' : '<='} maxLong ${c.maxLong}`;
  }
  const worst = s.estPosMin - s.openSell - req.qty;
  return `estPosMin ${n(s.estPosMin)} - openSell ${n(s.openSell)} - qty ${req.qty} = ${n(worst)} ${worst < -c.maxShort ? '<' : '>='} -maxShort ${-c.maxShort}`;
}

/** The risk-reducing test of docs/model.md with its numbers. */
export function reducingRule(ctx: DecisionContext, req: OrderRequest): { reducing: boolean; text: string } {
  const s = ctx.instrument!.state;
  if (ctx.instrument!.knownLoss) {
    return { reducing: false, text: 'known loss (events may be missing): no order is risk-reducing by the estimate; only venue-enforced reduce-only orders pass' };
  }
  if (req.side === 'buy') {
    const v = s.estPosMax + s.openBuy + req.qty;
    return { reducing: v <= 0, text: `estPosMax ${n(s.estPosMax)} + openBuy ${n(s.openBuy)} + qty ${req.qty} = ${n(v)} ${v <= 0 ? '<=' : '>'} 0` };
  }
  const v = s.estPosMin - s.openSell - req.qty;
  return { reducing: v >= 0, text: `estPosMin ${n(s.estPosMin)} - openSell ${n(s.openSell)} - qty ${req.qty} = ${n(v)} ${v >= 0 ? '>=' : '<'} 0` };
}

/**
 * Which rule decided an order, with the numbers it compared, from the context read right
 * before the decision and the code the engine returned.
 */
export function explainRule(ctx: DecisionContext, req: OrderRequest, code: number, facts: ReplayFacts = {}): RuleExplanation {
  const reason = code === 0 ? 'APPROVED' : denyReasonName(code);
  const stage: CheckStage = code === 0 ? 'all passed' : (STAGE[code] ?? 'per-order');
  const base = { code, reason, stage };
  const inst = ctx.instrument;
  if (inst === undefined) return { ...base, rule: `${reason}: symbol ${req.symbol} is not in the config` };
  const c = inst.config;
  const s = inst.state;
  const red = reducingRule(ctx, req);
  const withReducing = { ...base, reducing: red.reducing };
  switch (code) {
    case DenyReason.APPROVED:
      if (req.reduceOnly === true) {
        return {
          ...withReducing,
          rule: `APPROVED: venue-enforced reduce-only order (the venue caps it at the true position, so it cannot add exposure): it passes the reduce mode, the health gate (${inst.healthDetail}) and the position limit`,
        };
      }
      return { ...withReducing, rule: `APPROVED: every check passed; position: ${positionRule(ctx, req)}` };
    case DenyReason.INVALID_ORDER:
      return { ...base, rule: `INVALID_ORDER: qty ${req.qty} must be a positive integer of lots and price ${req.price} positive` };
    case DenyReason.DUPLICATE_ORDER_ID:
      return { ...base, rule: `DUPLICATE_ORDER_ID: order id ${req.orderId} is already in use` };
    case DenyReason.MAX_ORDER_QTY:
      return { ...base, rule: `MAX_ORDER_QTY: qty ${req.qty} > maxOrderQty ${c.maxOrderQty ?? 'off'}` };
    case DenyReason.MAX_ORDER_NOTIONAL:
      return { ...base, rule: `MAX_ORDER_NOTIONAL: qty ${req.qty} * lotSize ${c.lotSize} * price ${req.price} > maxOrderNotional ${c.maxOrderNotional ?? 'off'}` };
    case DenyReason.PRICE_BAND: {
      if (s.mark === undefined) return { ...base, rule: `PRICE_BAND: no mark price yet; the band of ${c.priceBandBps ?? 0} bps cannot be checked` };
      const bps = (Math.abs(req.price - s.mark) * 10000) / s.mark;
      return { ...base, rule: `PRICE_BAND: price ${req.price} is ${bps.toFixed(2)} bps from mark ${s.mark} > priceBandBps ${c.priceBandBps ?? 0}` };
    }
    case DenyReason.DUPLICATE_ORDER:
      return { ...base, rule: `DUPLICATE_ORDER: same side, qty ${req.qty} and price ${req.price} as an order approved within duplicateWindowMs ${c.duplicateWindowMs ?? 0}` };
    case DenyReason.JOURNAL_DOWN:
      return { ...base, rule: 'JOURNAL_DOWN: the journal could not write (onFailure halt): no order is approved without its record' };
    case DenyReason.KILL_SWITCH:
      return { ...base, rule: `KILL_SWITCH: ${ctx.globalKill === 'halt' ? 'global' : `${req.symbol}`} kill switch is halt` };
    case DenyReason.FLIP_FLOP:
      return { ...base, rule: `FLIP_FLOP: ${req.symbol} halted by the flip-flop guard (resume with kill resume)` };
    case DenyReason.REDUCE_ONLY:
      return { ...withReducing, rule: `REDUCE_ONLY: ${ctx.globalKill === 'reduce' ? 'global' : req.symbol} kill switch is reduce and the order is not risk-reducing: ${red.text}` };
    case DenyReason.FEED_STALE:
    case DenyReason.SEQUENCE_GAP:
    case DenyReason.POSITION_MISMATCH:
    case DenyReason.UNCONFIRMED_FILLS:
      return { ...withReducing, rule: `${reason}: ${inst.healthDetail}; only risk-reducing orders pass and this one is not: ${red.text}` };
    case DenyReason.POSITION_LIMIT:
      return { ...withReducing, rule: `POSITION_LIMIT: ${positionRule(ctx, req)}` };
    case DenyReason.NET_POSITION_LIMIT:
      return { ...withReducing, rule: `NET_POSITION_LIMIT: ${req.symbol} is a hedge leg; with this order and every open order on its side filled, the net of both legs would pass maxLong ${c.maxLong} / maxShort ${c.maxShort} of the instrument` };
    case DenyReason.LEASE_LIMIT:
      return { ...withReducing, rule: `LEASE_LIMIT: beyond this host's lease of the firm-wide limit, or the lease lapsed (then only risk-reducing orders pass): ${red.text}` };
    case DenyReason.ACCOUNT_GROSS_NOTIONAL:
    case DenyReason.ACCOUNT_NET_NOTIONAL: {
      const a = inst.account;
      const gross = code === DenyReason.ACCOUNT_GROSS_NOTIONAL;
      const price = a.freshMark ? `mark ${a.price}` : `no fresh mark: the higher of limit price ${req.price} and fallback ${n(a.price)}`;
      return {
        ...withReducing,
        rule: `${reason}: account ${a.name} ${gross ? 'gross' : 'net'} notional ${n(gross ? a.gross : a.net)} before the order, and with it (qty ${req.qty} * lotSize ${c.lotSize} at ${price}) above ${gross ? 'maxGrossNotional' : 'maxNetNotional'} ${n(gross ? a.maxGross : a.maxNet)}; the order is not risk-reducing on ${req.symbol}: ${red.text}`,
      };
    }
    case DenyReason.LOSS_LIMIT:
    case DenyReason.DRAWDOWN_LIMIT: {
      const a = inst.account;
      const scope = a.instrumentBreach === code ? `${req.symbol} (PnL ${n(a.instrumentPnl)}, drawdown ${n(a.instrumentDrawdown)})` : `account ${a.name} (PnL ${n(a.accountPnl)}, drawdown ${n(a.accountDrawdown)})`;
      const limit = code === DenyReason.LOSS_LIMIT ? 'lossLimit.maxLoss' : 'lossLimit.maxDrawdown within drawdownWindowMs';
      return { ...withReducing, rule: `${reason}: ${scope} breached its ${limit} (gross of fees); only risk-reducing orders pass (none under onBreach halt) until a kill-switch resume: ${red.text}` };
    }
    case DenyReason.MAX_OPEN_ORDERS:
      return { ...base, rule: `MAX_OPEN_ORDERS: activeOrders ${s.activeOrders} >= maxOpenOrders ${c.maxOpenOrders ?? 'off'} (or the order table is full)` };
    case DenyReason.RATE_LIMIT: {
      const r = c.orderRate;
      const seen = facts.approvedInRateWindow === undefined ? '' : ` (${facts.approvedInRateWindow} approved in (${ctx.now - (r?.perMs ?? 0)}, ${ctx.now}])`;
      return { ...base, rule: `RATE_LIMIT: orderRate.max ${r?.max ?? 'off'} orders per ${r?.perMs ?? 0} ms reached${seen}` };
    }
    case DenyReason.STRATEGY_POSITION_LIMIT: {
      const st = ctx.strategy;
      if (st === undefined) return { ...withReducing, rule: `STRATEGY_POSITION_LIMIT: the order's strategy ${req.strategy ?? '(none)'} is not in the config` };
      const rule = req.side === 'buy'
        ? `position ${n(st.position)} + openBuy ${n(st.openBuy)} + qty ${req.qty} = ${n(st.position + st.openBuy + req.qty)} > maxLong ${st.maxLong}`
        : `position ${n(st.position)} - openSell ${n(st.openSell)} - qty ${req.qty} = ${n(st.position - st.openSell - req.qty)} < -maxShort ${st.maxShort}`;
      return { ...withReducing, rule: `STRATEGY_POSITION_LIMIT: strategy ${st.name} on ${req.symbol} (its own fills and open orders): ${rule}` };
    }
    case DenyReason.STRATEGY_NOTIONAL_LIMIT: {
      const st = ctx.strategy;
      const lot = Number(c.lotSize);
      const add = req.qty * lot * req.price;
      return { ...base, rule: st === undefined ? `STRATEGY_NOTIONAL_LIMIT: the order's strategy ${req.strategy ?? '(none)'} is not in the config`
        : `STRATEGY_NOTIONAL_LIMIT: strategy ${st.name} on ${req.symbol}: open notional ${n(st.openNotional)} + qty ${req.qty} x lotSize ${c.lotSize} x price ${req.price} = ${n(st.openNotional + add)} > maxOpenNotional ${st.maxOpenNotional}` };
    }
    case DenyReason.ORDER_TO_TRADE: {
      const g = c.orderToTrade;
      const o = inst.orderToTrade;
      return { ...withReducing, rule: `ORDER_TO_TRADE: ${o.messages} messages (orders and cancels) and ${o.fills} fills in ${g?.windowMs ?? 0} ms: at least minOrders ${g?.minOrders ?? 'off'} and more than maxRatio ${g?.maxRatio ?? 'off'} per fill; only risk-reducing orders pass: ${red.text}` };
    }
    default:
      return { ...base, rule: `${reason} (code ${code})` };
  }
}
