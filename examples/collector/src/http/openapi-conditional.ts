// `withConditional` marks the conditional GETs (http/etag.ts) in the OpenAPI document: the
// If-None-Match header, the ETag and Cache-Control of a 200, and the 304. Read from the route table the
// middleware uses, so the document cannot drift from what the server does.
import { conditionalOf, REVALIDATE } from './etag.ts';

const tagHeaders = {
  ETag: { description: 'A weak tag of this answer for this reader: send it back as If-None-Match', schema: { type: 'string' } },
  'Cache-Control': { description: `\`${REVALIDATE}\`: kept by the reader only, and asked again before each use`, schema: { type: 'string' } },
};
const ifNoneMatch = {
  name: 'If-None-Match', in: 'header', required: false,
  description: 'The ETag of the answer you hold: 304 with no body when nothing it shows has changed (checked after the credential and the permission)',
  schema: { type: 'string' },
};
const notModified = { description: 'Not modified: the answer you hold (its ETag in If-None-Match) is still the answer; no body, not audited', headers: tagHeaders };

type Op = { parameters?: object[]; responses?: Record<string, { description?: string; headers?: object }> };

/** Adds If-None-Match, the 200's ETag and the 304 to every conditional GET of `paths`. */
export function withConditional<T extends Record<string, object>>(paths: T): T {
  const out: Record<string, object> = {};
  for (const [path, item] of Object.entries(paths)) {
    const get = (item as { get?: Op }).get;
    if (!get || !conditionalOf(path.replace(/\{[^}]+\}/g, 'x'))) {
      out[path] = item;
      continue;
    }
    const ok = get.responses?.[200] ?? { description: 'OK' };
    const responses = { ...get.responses, 200: { ...ok, headers: { ...ok.headers, ...tagHeaders } }, 304: notModified };
    out[path] = { ...item, get: { ...get, parameters: [...(get.parameters ?? []), ifNoneMatch], responses } };
  }
  return out as T;
}
