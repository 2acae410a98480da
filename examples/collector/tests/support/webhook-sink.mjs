// A scriptable webhook receiver for the delivery suites, as a real process: `node webhook-sink.mjs`
// with SINK_SECRET (whsec_…) and SINK_PORT (0 for any). Every request is verified with the
// `standardwebhooks` package and logged as one NDJSON line on stdout:
//   { "at": ms, "id", "timestamp", "verified": bool (verify(): signature and age), "signed": bool (signature), "answer": what it did, "type", "body": parsed }
// What it answers comes from a script, one step per request (then `SINK_DEFAULT`, default 200):
//   200 | 503 | 410 | 302 | 400 ...  that status   429:N  429 with Retry-After: N
//   drop                              destroy the connection without an answer
//   hang                              never answer
// SINK_REPEAT, when set, is the answer to a `webhook-id` already seen, instead of the next step.
// `POST /__script` with {"steps": [...], "default": "200", "holdMs": N, "repeat": step} replaces the
// script; holdMs delays every answer (to see overlapping deliveries of one id).
import http from 'node:http';
import { Webhook } from 'standardwebhooks';

const wh = new Webhook(process.env.SINK_SECRET ?? '');
let steps = (process.env.SINK_SCRIPT ?? '').split(',').map((s) => s.trim()).filter(Boolean);
let fallback = process.env.SINK_DEFAULT ?? '200';
let holdMs = Number(process.env.SINK_HOLD_MS ?? 0);
let repeat = process.env.SINK_REPEAT || null;
const seen = new Set();

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url === '/__script') {
      const s = JSON.parse(body || '{}');
      steps = s.steps ?? [];
      fallback = s.default ?? '200';
      holdMs = s.holdMs ?? 0;
      repeat = s.repeat ?? null;
      res.end('{}');
      return;
    }
    const at = Date.now();
    let verified = false;
    try {
      wh.verify(body, req.headers);
      verified = true;
    } catch {
      // Logged as verified: false; the suites assert on it.
    }
    // The signature alone, whatever the timestamp's age (a suite on a simulated clock sends
    // timestamps hours ahead, which verify() refuses as it should).
    const ts = Number(req.headers['webhook-timestamp']);
    const signed = Number.isFinite(ts) && wh.sign(String(req.headers['webhook-id']), new Date(ts * 1000), body) === req.headers['webhook-signature'];
    const id = req.headers['webhook-id'];
    const step = repeat && seen.has(id) ? repeat : (steps.shift() ?? fallback);
    seen.add(id);
    let parsed = null;
    try {
      parsed = JSON.parse(body);
    } catch {
      // Not JSON: logged as null.
    }
    const line = { at, id: req.headers['webhook-id'] ?? null, timestamp: req.headers['webhook-timestamp'] ?? null, verified, signed, answer: step, type: parsed?.type ?? null, path: req.url, body: parsed };
    const answer = () => {
      line.done = Date.now();
      process.stdout.write(`${JSON.stringify(line)}\n`);
      if (step === 'drop') return req.socket.destroy();
      if (step === 'hang') return;
      const [code, retryAfter] = step.split(':');
      const headers = { 'content-type': 'application/json' };
      if (retryAfter) headers['retry-after'] = retryAfter;
      if (code.startsWith('3')) headers.location = '/redirected';
      res.writeHead(Number(code), headers).end(JSON.stringify({ step }));
    };
    if (holdMs > 0) setTimeout(answer, holdMs);
    else answer();
  });
});
server.listen(Number(process.env.SINK_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`sink listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
