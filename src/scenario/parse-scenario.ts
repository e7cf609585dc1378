import { validateConfig } from '../config/validate-config.js';
import { legLayout } from '../config/hedge-legs.js';
import { ConfigError } from '../config/config-error.js';
import type { ResolvedConfig } from '../config/engine-config.js';
import { denyReasonCode } from '../risk/deny-reason.js';
import type { Step } from './scenario-types.js';
import { validateVenues, type VenuesConfig } from '../feeds/venue-config.js';
import type { VenueName } from '../feeds/venue-name.js';
import { RAW_STEP_KEYS, RawStepExpander, checkRawVenue, type RawSummary } from './raw-step.js';

/** An expected decision: `approve` or a deny reason name such as `POSITION_LIMIT`. */
export type Expectation = string;

export interface ParsedStep {
  readonly step: Step;
  /** Expected decision of riskgate, when the file states one (request steps only). */
  readonly expect?: Expectation;
  /** Expected decision of the naive check, when the file states one. */
  readonly expectNaive?: Expectation;
  /** The step's index in the file, when it differs from its position in `steps` (after a raw step expanded). */
  readonly index?: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly config: ResolvedConfig;
  readonly steps: readonly ParsedStep[];
  /** When stated: whether the naive check is expected to breach the limit in this scenario. */
  readonly naiveBreaches?: boolean;
  /** Present when the file has raw steps: what their frames decoded into. */
  readonly raw?: RawSummary;
}

/** A malformed scenario file. `problems` name the step index and field. */
export class ScenarioError extends Error {
  readonly code = 'ERR_RISKGATE_SCENARIO';
  constructor(readonly problems: readonly string[]) {
    super(`invalid scenario:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ScenarioError';
  }
}

type Obj = Record<string, unknown>;

const STEP_KEYS: Record<string, readonly string[]> = {
  snapshot: ['symbol', 'position', 'seq', 'venueTime', 'current', 'asOf'],
  fill: ['symbol', 'orderId', 'execId', 'side', 'qty', 'price', 'seq', 'venueTime'],
  orderUpdate: ['symbol', 'orderId', 'status', 'cumQty', 'leavesQty', 'side', 'reduceOnly'],
  feed: ['status', 'symbol'],
  heartbeat: ['symbol'],
  mark: ['symbol', 'price'],
  order: ['orderId', 'symbol', 'side', 'qty', 'price', 'tif', 'reduceOnly', 'strategy'],
  cancel: ['orderId'],
  kill: ['mode', 'symbol'],
  raw: RAW_STEP_KEYS,
};
const REQUIRED: Record<string, readonly string[]> = {
  snapshot: ['symbol', 'position'],
  fill: ['symbol', 'execId', 'side', 'qty', 'price'],
  orderUpdate: ['symbol', 'orderId', 'status', 'cumQty', 'leavesQty'],
  feed: ['status'],
  heartbeat: [],
  mark: ['symbol', 'price'],
  order: ['orderId', 'symbol', 'side', 'qty', 'price', 'tif'],
  cancel: ['orderId'],
  kill: ['mode'],
  raw: RAW_STEP_KEYS,
};
const ENUMS: Record<string, readonly string[]> = {
  side: ['buy', 'sell'],
  status: ['new', 'partiallyFilled', 'filled', 'canceled', 'rejected'],
  tif: ['GTC', 'IOC'],
  mode: ['halt', 'reduce', 'resume'],
};
const FEED_STATUS = ['up', 'down'];
const REQUEST_TYPES = ['order', 'cancel', 'kill'];

function checkField(type: string, key: string, v: unknown, where: string, problems: string[]): void {
  const bad = (what: string): void => {
    problems.push(`${where}.${key} must be ${what}`);
  };
  switch (key) {
    case 'symbol':
    case 'orderId':
    case 'execId':
    case 'strategy':
      if (typeof v !== 'string' || v.length === 0) bad('a non-empty string');
      break;
    case 'position':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) bad('an integer number of lots');
      break;
    case 'qty':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) bad('a positive integer number of lots');
      break;
    case 'cumQty':
    case 'leavesQty':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad('a non-negative integer number of lots');
      break;
    case 'seq':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad('a non-negative integer');
      break;
    case 'asOf':
      if (typeof v !== 'number' || !Number.isFinite(v)) bad('a finite number (engine-clock ms)');
      break;
    case 'venueTime':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) bad('a non-negative number (the venue\'s ms)');
      break;
    case 'price':
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) bad('a positive number');
      break;
    case 'venue': {
      const problem = checkRawVenue(v);
      if (problem !== undefined) bad(problem);
      break;
    }
    case 'frame':
      break;
    case 'reduceOnly':
    case 'current':
      if (typeof v !== 'boolean') bad('true or false');
      break;
    case 'status':
      if (type === 'feed' ? !FEED_STATUS.includes(v as string) : !ENUMS['status']!.includes(v as string)) {
        bad(`one of ${(type === 'feed' ? FEED_STATUS : ENUMS['status']!).join(', ')}`);
      }
      break;
    default: {
      const allowed = ENUMS[key];
      if (allowed !== undefined && !allowed.includes(v as string)) bad(`one of ${allowed.join(', ')}`);
    }
  }
}

function checkExpectation(v: unknown, where: string, problems: string[]): v is string {
  if (typeof v === 'string' && (v === 'approve' || denyReasonCode(v) > 0)) return true;
  problems.push(`${where} must be "approve" or a deny reason name such as "POSITION_LIMIT"`);
  return false;
}

/**
 * Validates a scenario document (already parsed JSON). Reports every problem at once, each
 * naming the step index and the field. `name` labels the scenario in messages.
 */
export function parseScenario(json: unknown, name = 'scenario'): Scenario {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ScenarioError(['the scenario must be a JSON object']);
  const doc = json as Obj;
  for (const k of Object.keys(doc)) {
    if (!['config', 'steps', 'description', 'naiveBreaches'].includes(k)) problems.push(`${k} is not a known key (known: config, steps, description, naiveBreaches)`);
  }
  let config: ResolvedConfig | undefined;
  try {
    config = validateConfig(doc['config'], ['venues']);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems.map((p) => `config: ${p}`));
  }
  let venues: VenuesConfig = {};
  if (config !== undefined) {
    const v = validateVenues((doc['config'] as Obj)['venues'], config);
    venues = v.venues;
    problems.push(...v.problems.map((p) => `config: ${p}`));
  }
  const expander = config !== undefined ? new RawStepExpander(config, venues) : undefined;
  // hedge instruments' short legs (`SYMBOL:short`) are instruments of the engine too
  const rows = config === undefined ? [] : legLayout(config.instruments).rows;
  const symbols = new Set(rows.map((i) => i.symbol));
  const sequenced = new Set(rows.filter((i) => i.sequence !== 'none').map((i) => i.symbol));
  const steps: ParsedStep[] = [];
  const rawSteps = doc['steps'];
  if (!Array.isArray(rawSteps)) problems.push('steps must be an array');
  else {
    let lastAt = -Infinity;
    rawSteps.forEach((raw, idx) => {
      const where = `steps[${idx}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        problems.push(`${where} must be an object`);
        return;
      }
      const s = raw as Obj;
      const type = s['type'];
      const keys = typeof type === 'string' && Object.hasOwn(STEP_KEYS, type) ? STEP_KEYS[type] : undefined;
      if (keys === undefined) {
        problems.push(`${where}.type must be one of ${Object.keys(STEP_KEYS).join(', ')}`);
        return;
      }
      const at = s['at'];
      if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) problems.push(`${where}.at must be a non-negative number of ms`);
      else if (at < lastAt) problems.push(`${where}.at must not be earlier than the step before (${lastAt})`);
      else lastAt = at;
      const isRequest = REQUEST_TYPES.includes(type as string);
      const allowed = [...keys, 'type', 'at', ...(isRequest ? ['expect', 'expectNaive'] : [])];
      for (const k of Object.keys(s)) if (!allowed.includes(k)) problems.push(`${where}.${k} is not a field of a ${type as string} step`);
      for (const k of REQUIRED[type as string]!) if (s[k] === undefined) problems.push(`${where}.${k} is required`);
      for (const k of keys) if (s[k] !== undefined) checkField(type as string, k, s[k], where, problems);
      const sym = s['symbol'];
      if (typeof sym === 'string' && config !== undefined && !symbols.has(sym) && type !== 'order' && type !== 'kill') {
        problems.push(`${where}.symbol "${sym}" is not in config.instruments`);
      }
      if ((type === 'fill' || type === 'snapshot') && typeof sym === 'string' && sequenced.has(sym) && s['seq'] === undefined) {
        problems.push(`${where}.seq is required: ${sym} is a sequenced instrument`);
      }
      if (type === 'fill' && s['venueTime'] !== undefined && (s['seq'] !== undefined || (typeof sym === 'string' && sequenced.has(sym)))) {
        problems.push(`${where}.venueTime is for fills of unsequenced instruments (their sequence decides elsewhere), and not with seq`);
      }
      if (type === 'raw') {
        // Frames of a step with problems are not decoded (the scenario is rejected anyway).
        if (expander !== undefined && typeof at === 'number' && checkRawVenue(s['venue']) === undefined && s['frame'] !== undefined) {
          for (const step of expander.expand(at, s['venue'] as VenueName, s['frame'], where)) steps.push({ step, index: idx });
        }
        return;
      }
      const parsed: { step: Step; expect?: string; expectNaive?: string; index?: number } = { step: s as unknown as Step };
      if (steps.length !== idx) parsed.index = idx;
      if (s['expect'] !== undefined && checkExpectation(s['expect'], `${where}.expect`, problems)) parsed.expect = s['expect'];
      if (s['expectNaive'] !== undefined && checkExpectation(s['expectNaive'], `${where}.expectNaive`, problems)) parsed.expectNaive = s['expectNaive'];
      steps.push(parsed);
    });
  }
  const desc = doc['description'];
  if (desc !== undefined && typeof desc !== 'string') problems.push('description must be a string');
  const nb = doc['naiveBreaches'];
  if (nb !== undefined && typeof nb !== 'boolean') problems.push('naiveBreaches must be true or false');
  if (problems.length > 0 || config === undefined) throw new ScenarioError(problems);
  const scenario: { -readonly [K in keyof Scenario]: Scenario[K] } = { name, description: typeof desc === 'string' ? desc : '', config, steps };
  if (typeof nb === 'boolean') scenario.naiveBreaches = nb;
  if (expander?.used === true) scenario.raw = expander.summary();
  return scenario;
}
