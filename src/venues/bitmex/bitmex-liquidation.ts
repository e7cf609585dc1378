/**
 * Whether a BitMEX execution or order belongs to the liquidation engine or auto-deleveraging
 * rather than to an order the strategy sent.
 *
 * BitMEX takes a liquidated position over with system orders that carry no `clOrdID` and say so
 * in `text` ("Liquidation"; deleveraging executions mention "Deleverage"). An execution row with
 * `execType` = `Liquidation` is one by definition. The text test only applies when `clOrdID` is
 * empty, so a strategy cannot be misread because of the free text it attached to its own order.
 */
const SYSTEM_TEXT = /liquidat|deleverag/i;

export function isLiquidation(clOrdID: string, text: string, execType?: string): boolean {
  return execType === 'Liquidation' || (clOrdID === '' && SYSTEM_TEXT.test(text));
}
