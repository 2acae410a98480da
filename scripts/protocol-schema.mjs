// Writes dist/protocol-v1.schema.json (`aftercare/protocol-v1.schema.json`), the JSON Schema of wire
// protocol v1, from the built `aftercare/schema` (Node 20 cannot import the .ts sources). Run by build.mjs.
import { writeFileSync } from 'node:fs';
import { protocolJsonSchema } from '../dist/schema.js';

writeFileSync('dist/protocol-v1.schema.json', JSON.stringify(protocolJsonSchema(), null, 2) + '\n');
