// Who may do what. A request's credential (http/auth.ts) becomes a Principal: a person (signed in to
// the dashboard, or the bootstrap owner by the admin token) with a role and perhaps a limit to some
// values of one meta key, or an API key with scopes. Each route needs one permission (ROUTES below,
// one table so the docs and the role-matrix test read the same thing); a route missing from it is
// refused to everyone (closed by default).
import type { Context, MiddlewareHandler } from 'hono';

import { ROLES, SCOPES, type Limit, type Role, type Scope } from '../store/roles.ts';

export { ROLES, SCOPES, type Limit, type Role, type Scope };

/**
 * - figures: aggregates (summary, trends, segments, drivers, channels, theme counts) — no comment text, no ids.
 * - answers: answers, comments, displays, deliveries, invitations and mail, the tone list.
 * - export: the CSV/NDJSON export and a customer's data export.
 * - cases: the follow-up queue and a case with its answer (an agent: only theirs or their team's);
 *   case.change: move a case along, assign it, add a note.
 * - phone: record an answer taken by phone.
 * - deliveries: post deliveries (import), cancel what is scheduled, report what a sender did with an invitation.
 * - erase: erasure of a customer or a delivery.
 * - webhooks, audit, people (people, their sessions, API keys), settings (tier rules, calendars).
 * - scorecards: every person's and technician's scorecard (an agent reads their own card with `self`).
 * - self: who am I, my sessions and passkeys (everyone with a credential).
 */
export type Permission = 'figures' | 'answers' | 'export' | 'cases' | 'case.change' | 'phone' | 'deliveries' | 'erase' | 'webhooks' | 'audit' | 'people' | 'settings' | 'scorecards' | 'self';

const ALL: readonly Permission[] = ['figures', 'answers', 'export', 'cases', 'case.change', 'phone', 'deliveries', 'erase', 'webhooks', 'audit', 'people', 'settings', 'scorecards', 'self'];
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ALL,
  manager: ['figures', 'answers', 'export', 'cases', 'case.change', 'phone', 'deliveries', 'scorecards', 'self'],
  agent: ['cases', 'case.change', 'phone', 'self'],
  viewer: ['figures', 'self'],
};
export const SCOPE_PERMISSIONS: Record<Scope, readonly Permission[]> = {
  // Every key may ask who it is (GET /v1/me) and read the API's description.
  'deliveries:write': ['deliveries', 'self'],
  'responses:read': ['figures', 'answers', 'cases', 'self'],
  export: ['export', 'self'],
  admin: ALL,
};

export type Principal =
  | { kind: 'person'; id: string; name: string; email: string | null; role: Role; team: string | null; limit: Limit | null; via: 'token' | 'session'; session?: string }
  | { kind: 'key'; id: string; name: string; scopes: Scope[] };

export function permissionsOf(p: Principal): Set<Permission> {
  if (p.kind === 'key') return new Set(p.scopes.flatMap((s) => SCOPE_PERMISSIONS[s] ?? []));
  return new Set(ROLE_PERMISSIONS[p.role] ?? []);
}

/** How the audit names the principal: `ana@shop.example`, `key "Shop server"`, `admin token`. */
export function actorName(p: Principal): string {
  if (p.kind === 'key') return `key "${p.name}"`;
  // Each sign-in with the admin token is its own session: the audit tells them apart by a prefix of the
  // session's stored hash (which cannot be turned back into the cookie).
  if (p.id === 'admin') return p.via === 'token' ? 'admin token' : `admin token session ${p.session ?? ''}`.trim();
  return p.email ?? p.name;
}
/** The role the principal acted with, for the audit: a role, or `key: scope, scope`. */
export const actorRole = (p: Principal) => (p.kind === 'key' ? `key: ${p.scopes.join(', ')}` : p.role);

export const setPrincipal = (c: Context, p: Principal) => c.set('principal' as never, p as never);
export const principalOf = (c: Context): Principal | undefined => c.get('principal' as never) as Principal | undefined;
/** The principal of a request that passed the credential check (throws if there is none: a wiring bug). */
export function who(c: Context): Principal {
  const p = principalOf(c);
  if (!p) throw new Error('who: no principal on a guarded route');
  return p;
}
/** The limit of this request's person, if any (keys are never limited). */
export const metaLimitOf = (c: Context): Limit | null => {
  const p = principalOf(c);
  return p?.kind === 'person' ? p.limit : null;
};
/** An agent sees the cases assigned to them or their team only. */
export const caseScopeOf = (c: Context): { person: string; team: string | null } | null => {
  const p = principalOf(c);
  return p?.kind === 'person' && p.role === 'agent' ? { person: p.id, team: p.team } : null;
};

/**
 * Every guarded route and the permission it needs; `limited: false` marks a route whose data cannot
 * be narrowed to a person's meta limit (a limited person is refused it rather than shown all of it).
 */
export interface RouteAccess {
  method: string;
  path: string;
  need: Permission;
  limited?: boolean;
}
export const ROUTES: readonly RouteAccess[] = [
  { method: 'GET', path: '/v1/summary', need: 'figures' },
  { method: 'GET', path: '/v1/drivers', need: 'figures' },
  { method: 'GET', path: '/v1/channels', need: 'figures' },
  { method: 'GET', path: '/v1/themes', need: 'figures' },
  { method: 'GET', path: '/v1/themes/series', need: 'figures' },
  { method: 'GET', path: '/v1/invitations/summary', need: 'figures', limited: false },
  { method: 'GET', path: '/v1/openapi.json', need: 'self' },
  { method: 'GET', path: '/v1/responses', need: 'answers' },
  { method: 'GET', path: '/v1/displays', need: 'answers', limited: false },
  { method: 'GET', path: '/v1/themes/tone', need: 'answers' },
  { method: 'POST', path: '/v1/themes/tone/train', need: 'answers' },
  { method: 'GET', path: '/v1/deliveries', need: 'answers', limited: false },
  { method: 'GET', path: '/v1/deliveries/:id', need: 'answers', limited: false },
  { method: 'GET', path: '/v1/deliveries/:id/card', need: 'answers', limited: false },
  { method: 'GET', path: '/v1/invitations', need: 'answers', limited: false },
  { method: 'GET', path: '/v1/mail', need: 'answers', limited: false },
  { method: 'GET', path: '/v1/mail/:id', need: 'answers', limited: false },
  { method: 'GET', path: '/v1/mail/:id/html', need: 'answers', limited: false },
  { method: 'GET', path: '/v1/export', need: 'export' },
  { method: 'GET', path: '/v1/customers/:id/export', need: 'export', limited: false },
  { method: 'GET', path: '/v1/cases', need: 'cases' },
  { method: 'GET', path: '/v1/cases/:id', need: 'cases' },
  { method: 'PATCH', path: '/v1/cases/:id', need: 'case.change' },
  { method: 'GET', path: '/v1/assignees', need: 'cases' },
  { method: 'POST', path: '/v1/deliveries/:id/answers', need: 'phone', limited: false },
  // What the merchant's sender (an SMS gateway) did with an invitation: a machine's report, as deliveries are.
  { method: 'POST', path: '/v1/invitations/:id/result', need: 'deliveries', limited: false },
  { method: 'POST', path: '/v1/deliveries', need: 'deliveries', limited: false },
  { method: 'POST', path: '/v1/deliveries/:id/cancel', need: 'deliveries', limited: false },
  { method: 'DELETE', path: '/v1/customers/:id', need: 'erase', limited: false },
  { method: 'DELETE', path: '/v1/deliveries/:id', need: 'erase', limited: false },
  { method: 'GET', path: '/v1/webhooks', need: 'webhooks', limited: false },
  { method: 'POST', path: '/v1/webhooks/:endpoint/enable', need: 'webhooks', limited: false },
  { method: 'POST', path: '/v1/webhooks/:endpoint/deliveries/:event/resend', need: 'webhooks', limited: false },
  { method: 'GET', path: '/v1/audit', need: 'audit', limited: false },
  { method: 'GET', path: '/v1/people', need: 'people', limited: false },
  { method: 'POST', path: '/v1/people', need: 'people', limited: false },
  { method: 'PATCH', path: '/v1/people/:id', need: 'people', limited: false },
  { method: 'DELETE', path: '/v1/people/:id', need: 'people', limited: false },
  { method: 'POST', path: '/v1/people/:id/invitation', need: 'people', limited: false },
  { method: 'DELETE', path: '/v1/people/:id/sessions', need: 'people', limited: false },
  { method: 'GET', path: '/v1/keys', need: 'people', limited: false },
  { method: 'POST', path: '/v1/keys', need: 'people', limited: false },
  { method: 'DELETE', path: '/v1/keys/:id', need: 'people', limited: false },
  { method: 'GET', path: '/v1/followup/rules', need: 'cases' },
  { method: 'PUT', path: '/v1/followup/rules', need: 'settings', limited: false },
  { method: 'GET', path: '/v1/calendars', need: 'cases' },
  { method: 'PUT', path: '/v1/calendars/:id', need: 'settings', limited: false },
  { method: 'DELETE', path: '/v1/calendars/:id', need: 'settings', limited: false },
  { method: 'GET', path: '/v1/scorecards', need: 'scorecards' },
  { method: 'GET', path: '/v1/scorecards/export', need: 'scorecards' },
  { method: 'GET', path: '/v1/scorecards/me', need: 'self' },
  { method: 'GET', path: '/v1/me', need: 'self' },
  { method: 'DELETE', path: '/v1/me/sessions/:id', need: 'self' },
  { method: 'PATCH', path: '/v1/me/passkeys/:id', need: 'self' },
  { method: 'DELETE', path: '/v1/me/passkeys/:id', need: 'self' },
];

const compiled = ROUTES.map((r) => ({ ...r, re: new RegExp(`^${r.path.replace(/:[a-z]+/g, '[^/]+')}$`) }));
/** The access rule of a method and path (HEAD as GET), or undefined. */
export function accessOf(method: string, path: string): RouteAccess | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return compiled.find((r) => r.method === m && r.re.test(path));
}

/**
 * After the credential check: 403 naming the permission when the principal lacks it (or when a
 * limited person asks for what cannot be narrowed to their limit), else on.
 */
export const authorize: MiddlewareHandler = async (c, next) => {
  const p = who(c);
  const rule = accessOf(c.req.method, c.req.path);
  if (!rule) return c.json({ error: `access: ${c.req.method} ${c.req.path} is open to no role` }, 403);
  if (!permissionsOf(p).has(rule.need)) {
    const as = p.kind === 'key' ? `this key (scopes: ${p.scopes.join(', ') || 'none'})` : `the ${p.role} role`;
    return c.json({ error: `access: ${as} may not ${VERBS[rule.need]}` }, 403);
  }
  if (rule.limited === false && p.kind === 'person' && p.limit) {
    return c.json({ error: `access: you see only ${p.limit.key} = ${p.limit.values.join(', ')}, and this route's data cannot be narrowed to it` }, 403);
  }
  await next();
};

const VERBS: Record<Permission, string> = {
  figures: 'read figures',
  answers: 'read answers, comments or deliveries',
  export: 'export data',
  cases: 'read cases',
  'case.change': 'change cases',
  phone: 'record answers',
  deliveries: 'post or cancel deliveries, or report on invitations',
  erase: 'erase data',
  webhooks: 'manage webhooks',
  audit: 'read the audit log',
  people: 'manage people and keys',
  settings: 'change the follow-up settings',
  scorecards: "read other people's scorecards",
  self: 'use the API',
};

/** The guards of every credentialed route: this origin only, the credential, the permission, then the conditional GET (http/etag.ts). */
export type Guards = readonly [MiddlewareHandler, MiddlewareHandler, MiddlewareHandler, ...MiddlewareHandler[]];
