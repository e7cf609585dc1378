/** One colour per deny code in every chart of the demo report, so a cause looks the same everywhere. */
const FIXED: Readonly<Record<string, string>> = {
  FEED_STALE: '#ff7f0e',
  UNCONFIRMED_FILLS: '#e377c2',
  SEQUENCE_GAP: '#8c564b',
  POSITION_MISMATCH: '#9467bd',
  FLIP_FLOP: '#d62728',
  KILL_SWITCH: '#222222',
  REDUCE_ONLY: '#7f7f7f',
  POSITION_LIMIT: '#1f77b4',
  MAX_OPEN_ORDERS: '#2ca02c',
  RATE_LIMIT: '#bcbd22',
};
const OTHERS = ['#17becf', '#aec7e8', '#ffbb78', '#98df8a', '#c5b0d5', '#c49c94', '#f7b6d2', '#dbdb8d'];

export function codeColor(code: string): string {
  const c = FIXED[code];
  if (c !== undefined) return c;
  let h = 0;
  for (let i = 0; i < code.length; i++) h = (h * 31 + code.charCodeAt(i)) >>> 0;
  return OTHERS[h % OTHERS.length]!;
}
