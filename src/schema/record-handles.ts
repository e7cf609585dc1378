/**
 * The integer handles an engine saw in place of string ids: what a threaded journal holds.
 *
 * The threaded engine's risk thread never sees a string (docs/architecture.md, "Threads"): an order is
 * the integer key its strategy chose (`StrategyClient.decideOrder(orderKey, ...)`) or the handle
 * a feed handler interned for the venue's order id; an execution is the `stringKey` of the
 * venue's execution id. The journal records those integers as such (`order_handle`,
 * `exec_handle` in riskgate.fbs, format 2), not as strings, and replay gives them to the
 * engine unchanged.
 *
 * In the plain-object records (record-body.ts) the scenario step format still needs a string
 * where an id goes: a record that has a handle and no real string carries the handle's *label*
 * there (`handleLabel`, `#42`). The label is derived, never written: the encoder writes the
 * string field only when it is not the label of the record's handle.
 */
export interface RecordHandles {
  /** The order's integer handle (strategy order key, or the feed handler's interned handle). */
  readonly order?: number;
  /** The execution's integer key (`stringKey` of the venue's execution id). */
  readonly exec?: number;
}

/** The string that stands for a handle where the step format needs one: `#42`. */
export function handleLabel(handle: number): string {
  return `#${handle}`;
}

/**
 * The string id to write for `id` next to `handle`: undefined when `id` is only the handle's
 * label (so a handle-only record stays handle-only on disk), `id` itself otherwise.
 */
export function realId(id: string | undefined, handle: number | undefined): string | undefined {
  return handle !== undefined && id === handleLabel(handle) ? undefined : id;
}
