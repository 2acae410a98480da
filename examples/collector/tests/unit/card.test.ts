// QR cards (GET /v1/deliveries/:id/card) against a real collector over HTTP: SVG and PDF in both sizes
// at their real page size (pdf-lib reads the PDF back), the QR code drawn in the SVG decoded with jsqr
// from the SVG's own path, the link one per delivery, wave and channel `qr`, every string escaped, the
// line in each of the ten languages fitting the card, and the credential, 404, 400, 409 and audit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadInvitationConfig } from '../../src/config.ts';
import { CARD_SIZES, escapeXml, estimate, layoutCard, qrSymbol } from '../../src/deliver/card.ts';
import { LOCALES, mailStrings } from '../../src/deliver/strings.ts';
import { ADMIN, startCollector, type Running } from '../support/harness.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T07:00:00Z');
const BRAND = 'Shop <&> "Co" \'s';
const LINK = /^https:\/\/feedback\.shop\.example\/s\/[A-Za-z0-9_-]{22}$/;
let k: Running;
let clock = T0;
const admin = { authorization: `Bearer ${ADMIN}` };
const card = (id: string, query = '', headers: Record<string, string> = admin) => fetch(`${k.url}/v1/deliveries/${encodeURIComponent(id)}/card${query}`, { headers });

beforeAll(async () => {
  const invitations = loadInvitationConfig({ AFTERCARE_PUBLIC_URL: 'https://feedback.shop.example', AFTERCARE_BRAND_NAME: BRAND });
  k = await startCollector({ invitations, startInvitationWorker: false, now: () => clock });
  const at = (days: number) => new Date(T0 - days * DAY).toISOString();
  const res = await fetch(`${k.url}/v1/deliveries`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      deliveries: [
        { id: 'card-en', deliveredAt: at(1), locale: 'en' },
        { id: 'card-zh', deliveredAt: at(1), locale: 'zh-CN' },
        { id: 'card-ar', deliveredAt: at(1), locale: 'ar' },
        { id: 'card/wave 2', deliveredAt: at(60), locale: 'de', resurvey: { everyDays: 28, untilDays: 365 } },
      ],
    }),
  });
  expect(await res.json()).toEqual({ accepted: 4, rejected: [] });
});
afterAll(() => k?.close());

/** The QR drawn in a card SVG, read back from its path and decoded by jsqr from pixels (4 px a module, the SVG's own quiet zone). */
function decodeSvg(svg: string) {
  const m = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" fill="#fff"\/>\n<path transform="translate\(([\d.]+) ([\d.]+)\) scale\(([\d.]+)\)"[^>]* d="([^"]*)"/.exec(svg)!;
  const [box, , , module, d] = [Number(m[3]), 0, 0, Number(m[6]), m[7]!];
  const quiet = Math.round((Number(m[4]) - Number(m[1])) / module);
  const size = Math.round(box / module) - 2 * quiet;
  const dark = new Set<string>();
  for (const [, c, r, n] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) for (let i = 0; i < Number(n); i++) dark.add(`${r},${Number(c) + i}`);
  const px = 4;
  const side = (size + 2 * quiet) * px;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const key of dark) {
    const [r, c] = key.split(',').map(Number) as [number, number];
    for (let y = 0; y < px; y++) for (let x = 0; x < px; x++) rgba.fill(0, ((r + quiet) * px + y) * side * 4 + ((c + quiet) * px + x) * 4, ((r + quiet) * px + y) * side * 4 + ((c + quiet) * px + x) * 4 + 3);
  }
  return { quiet, size, dark, text: jsQR(rgba, side, side)?.data };
}

describe('GET /v1/deliveries/:id/card', () => {
  test.each(['a6', 'card'] as const)('SVG, %s: the page size in mm, the name, the line, and a QR code that decodes to the delivery\'s qr link', async (size) => {
    const res = await card('card-en', `?format=svg&size=${size}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="aftercare-card-card-en-${size}.svg"`);
    // No script, style sheet or font: presentation attributes only, under the collector's strictest policy.
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const link = res.headers.get('x-aftercare-link')!;
    expect(link).toMatch(LINK);
    const svg = await res.text();
    const { width, height } = CARD_SIZES[size];
    expect(svg).toContain(`width="${width}mm" height="${height}mm" viewBox="0 0 ${width} ${height}"`);
    expect(svg).toContain('How did we do? Scan to tell us');
    expect(svg).toContain(link.replace('https://', '') + '</text>');
    const qr = decodeSvg(svg);
    expect(qr.text).toBe(link);
    expect(qr.quiet).toBe(4);
    // The same modules qrcode computes at level M.
    const want = qrSymbol(link);
    expect(qr.size).toBe(want.size);
    for (let r = 0; r < want.size; r++) for (let c = 0; c < want.size; c++) expect(qr.dark.has(`${r},${c}`), `module ${r},${c}`).toBe(want.dark(r, c));
  });

  test('one link per delivery, wave and channel qr: the same for every format and size, not the dashboard\'s link, and the current wave\'s', async () => {
    const links = new Set<string>();
    for (const q of ['', '?format=pdf', '?size=card', '?format=pdf&size=card']) links.add((await card('card-en', q)).headers.get('x-aftercare-link')!);
    expect(links.size).toBe(1);
    const detail = (await k.ok('/v1/deliveries/card-en')) as { link: string };
    expect(detail.link).not.toBe([...links][0]);
    const rows = await k.c.db.selectFrom('survey_links').selectAll().where('delivery_id', '=', 'card-en').execute();
    expect(rows.map((r) => `${r.channel} ${r.wave}`).sort()).toEqual(['link 0', 'qr 0']);
    await card('card/wave 2');
    const wave = await k.c.db.selectFrom('survey_links').selectAll().where('delivery_id', '=', 'card/wave 2').execute();
    expect(wave.map((r) => `${r.channel} ${r.wave}`)).toEqual(['qr 2']);
  });

  test.each([['a6', 297.64, 419.53], ['card', 240.94, 155.91]] as const)('PDF, %s: one page of the card\'s size that pdf-lib reads back', async (size, w, h) => {
    const res = await card('card-en', `?format=pdf&size=${size}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    // Chromium's PDF viewer needs its plugin and inline styles: only framing is refused.
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    const page = doc.getPage(0).getSize();
    expect(page.width).toBeCloseTo(w, 1);
    expect(page.height).toBeCloseTo(h, 1);
    expect(doc.getTitle()).toBe(`${BRAND}: ${res.headers.get('x-aftercare-link')!.replace('https://', '')}`);
    expect(bytes.length).toBeLessThan(12_000);
  });

  // Rendered with poppler's pdftoppm (Debian's poppler-utils; npm test installs it): the PDF's QR decodes too.
  test('PDF: the QR code rendered by pdftoppm decodes to the link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftercare-card-'));
    try {
      for (const size of ['a6', 'card']) {
        const res = await card('card-zh', `?format=pdf&size=${size}`);
        writeFileSync(join(dir, 'c.pdf'), new Uint8Array(await res.arrayBuffer()));
        expect(spawnSync('pdftoppm', ['-r', '200', '-singlefile', join(dir, 'c.pdf'), join(dir, 'c')]).status).toBe(0);
        const ppm = readFileSync(join(dir, 'c.ppm'));
        const head = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
        const [w, h, start] = [Number(head[1]), Number(head[2]), head[0].length];
        const rgba = new Uint8ClampedArray(w * h * 4);
        for (let p = 0; p < w * h; p++) rgba.set([ppm[start + p * 3]!, ppm[start + p * 3 + 1]!, ppm[start + p * 3 + 2]!, 255], p * 4);
        expect(jsQR(rgba, w, h)?.data).toBe(res.headers.get('x-aftercare-link'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the delivery\'s language: Chinese and Arabic (right to left) in the SVG', async () => {
    const zh = await (await card('card-zh')).text();
    expect(zh).toContain(`>${mailStrings('zh-CN').card}</text>`);
    const ar = await (await card('card-ar')).text();
    expect(ar).toMatch(/direction="rtl"[^>]*>كيف كانت خدمتنا؟/);
  });

  test('every string is escaped: the name with <&>"\' stays text', async () => {
    const svg = await (await card('card-en')).text();
    expect(svg).toContain('Shop &lt;&amp;&gt; &quot;Co&quot; &#39;s');
    expect(svg).not.toContain(BRAND);
    expect(escapeXml('<script>&\u0000\u0007"\'x')).toBe('&lt;script&gt;&amp;&quot;&#39;x');
  });

  test('without the credential 401, an unknown id 404, a bad format or size 400, no public URL 409', async () => {
    expect((await card('card-en', '', {})).status).toBe(401);
    expect((await card('card-en', '', { authorization: 'Bearer wrong-token-0123456789abcdef' })).status).toBe(401);
    const missing = await card('nope');
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'id: no delivery "nope" is known' }]);
    expect(await (await card('card-en', '?format=png')).json()).toEqual({ error: 'format: expected svg or pdf; got "png"' });
    expect((await card('card-en', '?size=a4')).status).toBe(400);
    const url = k.c.invitations.publicUrl;
    k.c.invitations.publicUrl = undefined;
    try {
      const res = await card('card-en');
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: string }).error).toMatch(/^AFTERCARE_PUBLIC_URL: not set;/);
    } finally {
      k.c.invitations.publicUrl = url;
    }
  });

  test('audited as delivery.card, with the format, size, wave and locale; not as a delivery read', async () => {
    clock += 60 * 60_000;
    await card('card-zh', '?format=pdf&size=card');
    const { entries } = (await k.ok('/v1/audit?action=delivery.card&limit=500')) as { entries: Array<{ target: string; outcome: string; detail: Record<string, unknown> | null }> };
    expect(entries[0]).toMatchObject({ target: 'delivery card-zh', outcome: 'done', detail: { format: 'pdf', size: 'card', wave: 0, locale: 'zh-CN' } });
    expect(entries.some((e) => e.outcome.startsWith('refused: 404'))).toBe(true);
    const reads = (await k.ok('/v1/audit?action=delivery.read&limit=500')) as { entries: unknown[] };
    expect(reads.entries).toHaveLength(1);
  });
});

describe('the layout', () => {
  test.each(LOCALES.flatMap((l) => [[l, 'a6'], [l, 'card']] as const))('%s on %s: every line inside the page, the QR at least 0.9 mm a module', (locale, size) => {
    const link = 'https://feedback.shop.example/s/z0r1g3tnpgiLzwiOH8R09A';
    const L = layoutCard({ brand: 'Müller Haustechnik GmbH & Co. KG', line: mailStrings(locale).card, link, size }, estimate);
    for (const [b, kind] of [[L.brand, 'bold'], [L.line, 'regular'], [L.link, 'mono']] as const) {
      for (const [i, t] of b.lines.entries()) {
        expect(estimate(t, b.size, kind) / 2, t).toBeLessThanOrEqual(Math.min(b.x, L.width - b.x));
        expect(b.y + i * b.leading).toBeLessThan(L.height);
      }
    }
    expect(L.line.lines.join(' ')).not.toContain('…');
    expect(L.qr.side / (qrSymbol(link).size + 8)).toBeGreaterThanOrEqual(0.9);
    expect(L.qr.y + L.qr.side).toBeLessThan(L.link.y - L.link.size);
  });
});
