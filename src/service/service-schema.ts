/**
 * The JSON Schema of `riskgate run`'s config file, for editor completion
 * (`riskgate/service.schema.json`): the engine config's declaration (config-schema.ts) with the
 * sections the service reads on top, each from its own declaration: `control`
 * (control-config.ts), `journal` (fsync-policy.ts, plus where the file goes), `log`, and
 * `venues`, whose per-venue keys the feeds validate (feeds/venue-config.ts) and the schema leaves
 * open. Validation itself stays `validateServiceConfig`'s, which also checks credentials against
 * the environment; `test/service/service-schema.test.ts` keeps the shipped file current.
 */
import { z } from 'zod';
import { RiskGateConfigShape } from '../config/config-schema.js';
import { ControlConfigSchema } from '../control/control-config.js';
import { VENUE_NAMES } from '../feeds/venue-name.js';
import { JournalSectionSchema } from '../journal/fsync-policy.js';
import { LOG_LEVELS } from './service-config.js';

export const ServiceConfigShape = RiskGateConfigShape.extend({
  venues: z.partialRecord(z.enum(VENUE_NAMES), z.looseObject({}))
    .describe('One live feed and REST reconciler per venue: endpoint, credentials, reconcile policy (see the README, "Running as a service")'),
  control: ControlConfigSchema.describe('The control server: /health, /metrics, /state, the kill switch'),
  journal: JournalSectionSchema.extend({
    path: z.string().min(1).describe('A new journal file at this path (exactly one of path and dir)').optional(),
    dir: z.string().min(1).describe('A new journal file in this directory per start (exactly one of path and dir)').optional(),
  }).describe('The journal: where, and its fsync and failure policy'),
  log: z.strictObject({ level: z.enum(LOG_LEVELS).optional() }).describe('Structured JSON log lines on stdout').optional(),
});

export function serviceJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://riskgate.invalid/riskgate-service.schema.json',
    title: 'riskgate run service config',
    ...z.toJSONSchema(ServiceConfigShape, { io: 'input', target: 'draft-2020-12' }),
  };
}
