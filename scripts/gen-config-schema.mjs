#!/usr/bin/env node
// Writes schema/riskgate-config.schema.json from the engine config's zod declaration
// (src/config/config-schema.ts). Run after `npm run build`; test/config/config-schema.test.ts
// fails when the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../dist/src/config/config-schema.js';

const out = fileURLToPath(new URL('../schema/riskgate-config.schema.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
