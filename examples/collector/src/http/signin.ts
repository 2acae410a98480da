// Signing in without the admin token: a one-use link by e-mail (15 minutes), and accepting an
// invitation (7 days, one use). Opening a link changes nothing: the dashboard reads the code from the
// URL's fragment (never sent to a server, never in a log or a Referer) and posts it when the person
// presses Continue. Wrong codes count toward the wrong-credential throttle of http/auth.ts.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { linkOf, newLink, personByEmail, personById, SIGNIN_LINK_MS, useLink } from '../store/people.ts';
import type { Database } from '../store/schema.ts';
import { sameOriginOnly } from './client.ts';
import type { Sessions } from './session.ts';

const CodeBody = z.strictObject({ code: z.string({ error: 'expected the code from the link' }).max(100, 'expected the code from the link') });
const EmailBody = z.strictObject({ email: z.email({ error: 'expected an e-mail address' }).max(254, 'expected an e-mail address') });

export interface SignInRouteOptions {
  db: Kysely<Database>;
  now: () => number;
  sessions: Sessions;
  publicUrl: () => string | undefined;
  sendLink: (to: string, url: string) => Promise<boolean>;
  /** The wrong-credential throttle (http/auth.ts). */
  throttled: (c: Context) => Promise<string | null>;
  tooMany: (c: Context, wait: string) => Response;
  failed: (c: Context) => Promise<void>;
  /** At most a few links a minute from one address (each is an e-mail sent). */
  mailLimit: MiddlewareHandler;
}

export function signInRoutes(app: Hono, o: SignInRouteOptions) {
  const edge = o.sessions.signInEdge;
  const read = async <T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> => {
    const b = await o.sessions.body(c);
    if (b instanceof Response) return b;
    const r = schema.safeParse(b);
    return r.success ? r.data : c.json({ error: `${r.error.issues[0]!.path.join('.') || 'body'}: ${r.error.issues[0]!.message}` }, 400);
  };
  const gone = (c: Context, what: string) => c.json({ error: `code: this ${what} link is not valid any more (used, expired or replaced); ask for a new one` }, 410);

  app.post('/dashboard/signin/email', ...edge, o.mailLimit, async (c) => {
    const b = await read(c, EmailBody);
    if (b instanceof Response) return b;
    const person = await personByEmail(o.db, b.email);
    // The same answer whether or not the address is a team member's: no list of staff from outside.
    if (person && person.id !== 'admin') {
      const code = await newLink(o.db, person.id, 'signin', o.now(), SIGNIN_LINK_MS);
      const base = o.publicUrl() ?? new URL(c.req.url).origin;
      await o.sendLink(person.email!, `${base}/dashboard/#signin=${code}`);
    }
    return c.json({ sent: true }, 202);
  });
  app.post('/dashboard/signin/link', ...edge, async (c) => {
    const wait = await o.throttled(c);
    if (wait) return o.tooMany(c, wait);
    const b = await read(c, CodeBody);
    if (b instanceof Response) return b;
    const id = await useLink(o.db, b.code, 'signin', o.now());
    if (!id || !(await o.sessions.start(c, id, 'link'))) {
      await o.failed(c);
      return gone(c, 'sign-in');
    }
    return c.body(null, 204);
  });
  app.get('/dashboard/join/:code', sameOriginOnly((origin) => `invitations are read from the dashboard's own origin only (${origin})`), async (c) => {
    const l = await linkOf(o.db, c.req.param('code'), 'invite', o.now());
    const person = l && !l.used && !l.expired ? await personById(o.db, l.personId) : null;
    if (!l || !person) return gone(c, 'invitation');
    return c.json({ email: person.email, name: person.name, role: person.role, team: person.team, limit: person.limit, expiresAt: new Date(l.expiresMs).toISOString() });
  });
  app.post('/dashboard/join', ...edge, async (c) => {
    const wait = await o.throttled(c);
    if (wait) return o.tooMany(c, wait);
    const b = await read(c, CodeBody);
    if (b instanceof Response) return b;
    const id = await useLink(o.db, b.code, 'invite', o.now());
    if (!id || !(await o.sessions.start(c, id, 'join'))) {
      await o.failed(c);
      return gone(c, 'invitation');
    }
    return c.body(null, 204);
  });
}
