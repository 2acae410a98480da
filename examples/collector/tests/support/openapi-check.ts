// Validates real responses against the collector's own OpenAPI document with Ajv (an independent
// validator): `check('/components/schemas/Case', value)` fails the test with Ajv's errors.
import Ajv2020 from 'ajv/dist/2020.js';
import { expect } from 'vitest';

export function openApiChecker(doc: object) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The collector's times: ISO 8601 in UTC with milliseconds, as Date#toISOString writes them.
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  ajv.addSchema({ ...doc, $id: 'https://aftercare.test/openapi.json' });
  return (ref: string, value: unknown) => {
    const validate = ajv.getSchema(`https://aftercare.test/openapi.json#${ref}`)!;
    expect(validate(value) ? [] : validate.errors).toEqual([]);
  };
}
