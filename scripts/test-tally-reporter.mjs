// A node:test reporter for scripts/run-tests.mjs: tallies what the run did and writes it, as one
// JSON object, to its destination when the run ends. Counts tests, not suites (as node's own
// summary does); a file that fails to load counts as one failed test; a cancelled test counts as
// failed (it did not pass). Each skip keeps its reason, so a skipped check is never silent.
//
//   { "passed": n, "failed": n, "skipped": n, "todo": n,
//     "skips": [{ "name", "file", "reason" }], "failures": [{ "name", "file" }] }
export default async function* tallyReporter(source) {
  const tally = { passed: 0, failed: 0, skipped: 0, todo: 0, skips: [], failures: [] };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    if (d.details?.type === 'suite') continue;
    if (d.skip !== undefined && d.skip !== false) {
      tally.skipped++;
      tally.skips.push({ name: d.name, file: d.file ?? null, reason: typeof d.skip === 'string' ? d.skip : '(no reason given)' });
    } else if (d.todo !== undefined && d.todo !== false) {
      tally.todo++;
    } else if (event.type === 'test:pass') {
      tally.passed++;
    } else {
      tally.failed++;
      tally.failures.push({ name: d.name, file: d.file ?? null });
    }
  }
  yield `${JSON.stringify(tally)}\n`;
}
