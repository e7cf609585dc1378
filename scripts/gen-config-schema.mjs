#!/usr/bin/env node
// Writes the shipped JSON Schemas from their zod declarations: schema/riskgate-config.schema.json
// (the engine config, src/config/config-schema.ts) and schema/riskgate-service.schema.json
// (`riskgate run`'s file, src/service/service-schema.ts). Run after `npm run build`;
// test/config/config-schema.test.ts and test/service/service-schema.test.ts fail when a committed
// file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../dist/src/config/config-schema.js';
import { serviceJsonSchema } from '../dist/src/service/service-schema.js';

for (const [file, schema] of [['riskgate-config.schema.json', configJsonSchema()], ['riskgate-service.schema.json', serviceJsonSchema()]]) {
  const out = fileURLToPath(new URL(`../schema/${file}`, import.meta.url));
  writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
