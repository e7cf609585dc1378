/**
 * A configuration that failed validation. `problems` lists every violation found, each a full
 * sentence naming the path (`instruments[0].maxLong must be a non-negative integer`).
 * Identity across threads is the `code`, not `instanceof`.
 */
export class ConfigError extends Error {
  readonly code = 'ERR_RISKGATE_CONFIG';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid riskgate config:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
