/**
 * Bytes that are not a riskgate envelope, or an envelope this build cannot represent (unknown
 * union member, missing required field). Identity across threads is the `code`.
 */
export class SchemaError extends Error {
  readonly code = 'ERR_RISKGATE_SCHEMA';
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}
