/** Prefix every message a merchant or developer may see, so it is easy to grep in a console. */
export const PREFIX = '[aftercare]';

/** Thrown only for programmer misuse (bad options, bad arguments); expected failures are values. */
export class AftercareError extends Error {
  /** The option, attribute or argument at fault, e.g. `endpoint` or `answer.csat`. */
  readonly field: string;
  /** What was expected instead, e.g. `expected an integer from 1 to 5`. */
  readonly expected: string;
  constructor(field: string, expected: string) {
    super(`${PREFIX} ${field}: ${expected}`);
    this.name = 'AftercareError';
    this.field = field;
    this.expected = expected;
  }
}
