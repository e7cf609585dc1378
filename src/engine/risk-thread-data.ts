import type { ResolvedConfig } from '../config/engine-config.js';
import type { CpuMap } from '../native/index.js';
import type { LaneKindValue } from './lane-table.js';

/** One input lane as posted to the risk thread (at start or when attached later). */
export interface LaneSpec {
  readonly kind: LaneKindValue;
  readonly name: string;
  /** The input ring (the risk thread is its consumer). */
  readonly input: SharedArrayBuffer;
  /** The decision ring (the risk thread is its producer); null for feed lanes. */
  readonly decisions: SharedArrayBuffer | null;
  /** Instrument indices a feed lane covers (what a loss or a dead worker marks down). */
  readonly instruments: readonly number[];
}

/** How the risk thread idles when every ring is empty. */
export interface IdleOptions {
  /** 'park' (default): spin `spins` empty passes, then sleep on the doorbell. 'spin': never sleep (own a pinned core). */
  readonly strategy: 'park' | 'spin';
  readonly spins: number;
  readonly parkTimeoutMs: number;
}

/**
 * Test-only instrumentation of the real loop: once `warmUpSlots` slots are consumed the thread
 * collects garbage and starts counting GCs (`GcCounter`, synchronous) and heap growth; at the
 * first loop pass with `measuredSlots` more consumed (or at stop) it records the result,
 * reported in the exit report.
 */
export interface AllocationProbe {
  readonly warmUpSlots: number;
  readonly measuredSlots: number;
}

/** `workerData` of the risk thread: everything is structured-cloneable (SharedArrayBuffers shared). */
export interface RiskThreadData {
  readonly config: ResolvedConfig;
  readonly control: SharedArrayBuffer;
  readonly state: SharedArrayBuffer;
  readonly cancelAlls: SharedArrayBuffer;
  /** The journal ring (journal-slot-layout.ts; the risk thread is its producer), or null: no journal. */
  readonly journal: SharedArrayBuffer | null;
  /** The journal status block (journal-status-layout.ts; the risk thread reads its failing word). */
  readonly journalStatus: SharedArrayBuffer;
  /** The journal's `onFailure` is `halt`: deny every order JOURNAL_DOWN while the failing word is 1. */
  readonly journalHalt: boolean;
  readonly lanes: readonly LaneSpec[];
  /** Where feed workers beat (liveness-block-layout.ts): in 'system' clock mode a silent feed's lane is held down. */
  readonly liveness: SharedArrayBuffer;
  readonly clock: 'system' | 'slots';
  readonly idle: IdleOptions;
  /** CPU to pin the risk thread to (CpuMap.risk), or undefined: unpinned. */
  readonly cpu: number | undefined;
  readonly cpuMap: CpuMap | undefined;
  readonly allocationProbe: AllocationProbe | undefined;
}

/** Where a thread runs, as reported after it tried to pin itself. */
export interface PlacementReport {
  readonly pinned: boolean;
  /** The CPUs the thread is allowed on after pinning (undefined without the addon). */
  readonly cpus: readonly number[] | undefined;
  /** The CPU it ran on at the report (undefined without the addon). */
  readonly currentCpu: number | undefined;
  /** Why it is not pinned ('no CPU configured', the addon's reason...). */
  readonly reason: string | undefined;
  /** The thread's kernel tid (/proc/self/task/<tid>), when the addon is loaded (risk thread, clock ticker). */
  readonly tid?: number;
}

/** Result of an allocation probe. */
export interface AllocationReport {
  /** Slots consumed while measured: at least `measuredSlots` (loop passes consume batches), fewer if stopped first, 0 if the probe never started. */
  readonly slots: number;
  /** Of those, strategy requests (orders, cancels, kills): the stretch measured deciding, not only applying. */
  readonly requests: number;
  readonly gcCount: number;
  readonly heapGrowthBytes: number;
  /** The same growth by V8 heap space (`new_space` is what the loop allocated; `code_space` JIT code), so a failure says which. */
  readonly heapGrowthBySpace: Readonly<Record<string, number>>;
  readonly gcAvailable: boolean;
}

/** Messages the risk thread posts to the embedding. */
export type RiskThreadMessage =
  | { readonly type: 'ready'; readonly placement: PlacementReport }
  | {
      readonly type: 'stopped';
      readonly loops: number;
      readonly parks: number;
      readonly events: number;
      readonly requests: number;
      readonly lostEvents: number;
      readonly journalRecords: number;
      readonly journalLost: number;
      readonly allocation: AllocationReport | undefined;
    };
