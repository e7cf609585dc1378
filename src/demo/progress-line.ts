/** The one-line progress of a running demo: elapsed, then per strategy orders, fills and denials by reason. */
import type { TakerStats } from './taker-strategy.js';

export interface ProgressSide {
  readonly name: string;
  readonly stats: TakerStats;
  readonly fills: number;
}

export function progressLine(elapsedS: number, totalS: number, sides: readonly ProgressSide[]): string {
  const parts = sides.map((s) => {
    const denied = Object.entries(s.stats.denied).sort((x, y) => y[1] - x[1]);
    const total = denied.reduce((n, [, c]) => n + c, 0);
    const reasons = denied.map(([r, c]) => `${r} ${c}`).join(', ');
    return `${s.name}: ${s.stats.sent} sent, ${s.fills} fills, ${total} denied${total > 0 ? ` (${reasons})` : ''}`;
  });
  return `[${elapsedS.toFixed(1).padStart(5)}s/${totalS}s] ${parts.join(' | ')}`;
}
