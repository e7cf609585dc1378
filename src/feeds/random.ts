/** A source of uniform numbers in [0, 1). Injected wherever jitter is drawn, so tests are seeded. */
export type Random = () => number;

/** mulberry32 (src/random/mulberry32.ts): same seed, same sequence. */
export { seededRandom } from '../random/mulberry32.js';
