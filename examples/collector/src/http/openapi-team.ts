// The team's part of the OpenAPI document (openapi.ts): people, API keys, who am I with my sessions
// and passkeys, the case owner picker, and every way to sign in to the dashboard. `accessNote` and
// `withAccess` say who may call each route, read from the one table of http/access.ts (ROUTES with
// ROLE_PERMISSIONS and SCOPE_PERMISSIONS), so the document cannot drift from what the server does.
import { accessOf, ROLE_PERMISSIONS, ROLES, SCOPE_PERMISSIONS, SCOPES } from './access.ts';
import { error, json, nullableTime, time, unauthorized } from './openapi-parts.ts';

/** 403 of a credentialed route: the role or the key's scopes lack the permission, a limited person, or another origin. */
export const forbidden = {
  description:
    'Not allowed, and `error` says why: the role may not (`access: the viewer role may not read answers, comments or deliveries`), the key\'s scopes may not (`access: this key (scopes: deliveries:write) may not …`), a person limited to some values of a meta key asked for data that cannot be narrowed to them, or the request came from another origin. A cross-site form is refused with a plain-text `Forbidden`',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } }, 'text/plain': { schema: { type: 'string' } } },
};
/** 403 of a sign-in route: another origin, or hono/csrf refusing a cross-site request (a plain-text `Forbidden`). */
const crossOrigin = { ...forbidden, description: 'Another origin: the dashboard signs in from its own origin only (a cross-site form gets a plain-text `Forbidden`)' };
const notJson = error('Not application/json');
const tooMany = { ...error('More than 10 wrong credentials (tokens, codes, passkeys) a minute from this address'), headers: { 'Retry-After': { schema: { type: 'integer' } } } };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (name: string) => ({ oneOf: [{ type: 'null' }, ref(name)] });
const idParam = (description: string) => [{ name: 'id', in: 'path', required: true, description, schema: { type: 'string', maxLength: 200 } }];
const body = (schema: object) => ({ required: true, ...json(schema) });
const v1 = { security: [{ admin: [] }] };

const role = { enum: [...ROLES], description: 'owner: everything; manager: figures, answers, export, cases, phone answers, deliveries; agent: their own and their team\'s cases and phone answers; viewer: figures only' };
const scope = { enum: [...SCOPES], description: 'deliveries:write: post and cancel deliveries; responses:read: figures, answers and cases; export: the exports; admin: everything' };
const PERSON_PROPS = {
  id: { type: 'string', description: 'a UUID; `admin` for the owner the admin token signs in as' },
  email: { type: ['string', 'null'], format: 'email', description: 'lower case; null for `admin`' }, name: { type: 'string' }, role,
  team: { type: ['string', 'null'], description: 'cases may be assigned to a team; an agent sees the cases of their team' },
  limit: nullable('PersonLimit'),
  createdAt: time,
  joinedAt: { ...nullableTime, description: 'when they accepted the invitation, or were added by single sign-on; null while invited' },
  lastSeenAt: { ...nullableTime, description: 'their last request with a session' },
};
const SESSION_PROPS = {
  id: { type: 'string', description: 'the id to end it with (not the cookie: only a hash of that is kept)' },
  method: { enum: ['token', 'passkey', 'link', 'sso', 'join'], description: 'how it signed in: the admin token, a passkey, an e-mailed link, single sign-on, an accepted invitation' },
  createdAt: time, lastSeenAt: nullableTime, expiresAt: { ...time, description: '12 hours after its last request' },
  address: { type: ['string', 'null'], description: 'the client address it signed in from' },
  userAgent: { type: ['string', 'null'], description: 'the browser it signed in with, at most 300 characters' },
  current: { type: 'boolean', description: 'the session this request came with' },
};
const PASSKEY_PROPS = { id: { type: 'string', description: 'the credential id, base64url' }, name: { type: 'string', minLength: 1, maxLength: 100 }, createdAt: time, lastUsedAt: nullableTime };
const KEY_PROPS = {
  id: { type: 'string' }, name: { type: 'string', description: 'how the audit log names it: `key "<name>"`' }, scopes: { type: 'array', minItems: 1, items: ref('Scope') },
  createdAt: time, createdBy: { type: ['string', 'null'], description: 'the name of who created it' }, lastUsedAt: { ...nullableTime, description: 'its last request, to the minute' },
};
const closed = (props: Record<string, object>, description?: string) => ({ type: 'object', required: Object.keys(props), additionalProperties: false, properties: props, ...(description ? { description } : {}) });
const offers = closed({ sso: { type: 'boolean', description: 'AFTERCARE_OIDC_ISSUER is set: offer GET /dashboard/sso' }, email: { type: 'boolean', description: 'team e-mail can be sent (SMTP): offer a sign-in link by e-mail' } }, 'what the sign-in page may offer besides the admin token');
const code = { type: 'string', maxLength: 100, description: 'the code after `#join=` or `#signin=` in the link (43 characters, base64url)' };
const teamName = { type: ['string', 'null'], minLength: 1, maxLength: 60 };

export const TEAM_SCHEMAS = {
  Role: role,
  Scope: scope,
  PersonLimit: closed(
    { key: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' }, values: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 500 } } },
    'The person sees only the answers whose meta `key` is one of `values`; routes whose data cannot be narrowed so are refused them (403)',
  ),
  Person: closed(PERSON_PROPS),
  PersonSession: closed(SESSION_PROPS),
  Passkey: closed(PASSKEY_PROPS),
  ApiKey: closed(KEY_PROPS),
  TeamMember: closed({
    ...PERSON_PROPS,
    passkeys: { type: 'integer', minimum: 0, description: 'how many passkeys they registered' },
    sessions: { type: 'array', items: ref('PersonSession'), description: 'their live sessions, newest first' },
    invitation: { oneOf: [{ type: 'null' }, closed({ expiresAt: time })], description: 'their invitation link still open, if any' },
  }),
  PersonInvitation: closed({
    url: { type: 'string', format: 'uri', description: 'AFTERCARE_PUBLIC_URL (else this request\'s origin) + `/dashboard/#join=<code>`: works once, for 7 days; a newer one replaces it' },
    expiresAt: time,
    sent: { type: 'boolean', description: 'e-mailed through AFTERCARE_SMTP_URL; false: copy the link to the person yourself' },
  }),
  Me: {
    oneOf: [
      closed({
        person: ref('Person'),
        via: { enum: ['token', 'session'], description: 'the credential of this request: the admin token, or a dashboard session' },
        sessions: { type: 'array', items: ref('PersonSession') }, passkeys: { type: 'array', items: ref('Passkey') },
      }),
      closed({ key: closed({ id: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'array', items: ref('Scope') } }) }),
    ],
  },
  DashboardSession: closed({
    expiresAt: time, timeZone: { type: 'string', description: 'AFTERCARE_TZ' }, method: SESSION_PROPS.method,
    person: closed({ id: PERSON_PROPS.id, name: PERSON_PROPS.name, email: PERSON_PROPS.email, role, team: PERSON_PROPS.team, limit: PERSON_PROPS.limit }),
    signIn: offers,
  }),
};

const PERSON_INPUT = {
  name: { type: 'string', minLength: 1, maxLength: 100, description: 'the e-mail address when absent' }, role: ref('Role'), team: teamName, limit: nullable('PersonLimit'),
};
const webauthn = (what: string, fields: string[]) => ({ type: 'object', required: fields, description: `${what} (WebAuthn Level 3 JSON, base64url), as @simplewebauthn/browser or PublicKeyCredential.toJSON() give it` });

export const TEAM_PATHS = {
  '/v1/me': {
    get: {
      summary: 'Who am I: the person with their sessions and passkeys, or the API key with its scopes',
      ...v1,
      responses: { 200: { description: 'a person or a key', ...json(ref('Me')) }, 401: unauthorized, 403: forbidden },
    },
  },
  '/v1/me/sessions/{id}': {
    parameters: idParam('a session id from GET /v1/me'),
    delete: {
      summary: 'End one of my sessions (another device, or this one); recorded in the audit log as session.end',
      ...v1,
      responses: { 204: { description: 'ended' }, 401: unauthorized, 403: forbidden, 404: error('No such session of yours') },
    },
  },
  '/v1/me/passkeys/{id}': {
    parameters: idParam('a passkey id from GET /v1/me'),
    patch: {
      summary: 'Rename one of my passkeys (passkey.rename in the audit log)',
      ...v1,
      requestBody: body({ type: 'object', required: ['name'], properties: { name: PASSKEY_PROPS.name } }),
      responses: { 200: { description: 'the passkey', ...json(ref('Passkey')) }, 400: error('A name that is empty, over 100 characters or with control characters'), 401: unauthorized, 403: forbidden, 404: error('No such passkey of yours'), 413: error('Over 64 KB'), 415: notJson },
    },
    delete: {
      summary: 'Remove one of my passkeys: it no longer signs in; no session ends (passkey.remove in the audit log)',
      ...v1,
      responses: { 204: { description: 'removed' }, 401: unauthorized, 403: forbidden, 404: error('No such passkey of yours') },
    },
  },
  '/v1/people': {
    get: {
      summary: 'The team: every person with their role, team, limit, live sessions, number of passkeys and open invitation (people.read in the audit log)',
      ...v1,
      responses: { 200: { description: '{ people }, oldest first', ...json(closed({ people: { type: 'array', items: ref('TeamMember') } })) }, 401: unauthorized, 403: forbidden },
    },
    post: {
      summary: 'Invite a person: a one-use link for 7 days, e-mailed when SMTP is set up, else returned to copy (person.invite in the audit log)',
      ...v1,
      requestBody: body({ type: 'object', required: ['email', 'role'], additionalProperties: false, properties: { email: { type: 'string', format: 'email', maxLength: 254 }, ...PERSON_INPUT } }),
      responses: {
        201: { description: 'invited', ...json(closed({ person: ref('Person'), invitation: ref('PersonInvitation') })) },
        400: error('A bad or unknown field; `error` names it'),
        401: unauthorized,
        403: forbidden,
        409: error('The address is already on the team'),
        415: notJson,
      },
    },
  },
  '/v1/people/{id}': {
    parameters: idParam('a person id'),
    patch: {
      summary: 'Change a person\'s name, role, team or limit; a changed role, team or limit ends their sessions at once (person.update in the audit log)',
      ...v1,
      requestBody: body({ type: 'object', additionalProperties: false, properties: PERSON_INPUT }),
      responses: {
        200: { description: 'the person after the change', ...json(ref('Person')) },
        400: error('A bad or unknown field; `error` names it'),
        401: unauthorized,
        403: forbidden,
        404: error('No such person'),
        409: error('`admin` (the admin token\'s owner) stays an owner without a limit'),
        415: notJson,
      },
    },
    delete: {
      summary: 'Remove a person: their sessions end, their passkeys and links are deleted; their audit entries stay (person.remove in the audit log)',
      ...v1,
      responses: { 204: { description: 'removed' }, 401: unauthorized, 403: forbidden, 404: error('No such person'), 409: error('`admin` (the admin token\'s owner) cannot be removed') },
    },
  },
  '/v1/people/{id}/invitation': {
    parameters: idParam('a person id'),
    post: {
      summary: 'A new invitation link for 7 days; the person\'s earlier unused one stops working (person.reinvite in the audit log)',
      ...v1,
      responses: { 201: { description: 'the new link', ...json(closed({ invitation: ref('PersonInvitation') })) }, 401: unauthorized, 403: forbidden, 404: error('No such person with an e-mail address') },
    },
  },
  '/v1/people/{id}/sessions': {
    parameters: idParam('a person id'),
    delete: {
      summary: 'End every session of a person: each device must sign in again (person.signout in the audit log, with the number ended)',
      ...v1,
      responses: { 204: { description: 'ended (also when there were none)' }, 401: unauthorized, 403: forbidden },
    },
  },
  '/v1/keys': {
    get: {
      summary: 'The live API keys (never their secrets)',
      ...v1,
      responses: { 200: { description: '{ keys }, oldest first', ...json(closed({ keys: { type: 'array', items: ref('ApiKey') } })) }, 401: unauthorized, 403: forbidden },
    },
    post: {
      summary: 'Create an API key for a machine: the secret is in this answer only, the collector keeps its SHA-256 (key.create in the audit log)',
      ...v1,
      requestBody: body({ type: 'object', required: ['name', 'scopes'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, scopes: { type: 'array', minItems: 1, items: ref('Scope') } } }),
      responses: {
        201: { description: 'the key and its secret', ...json(closed({ key: ref('ApiKey'), secret: { type: 'string', pattern: '^ak_[A-Za-z0-9_-]{43}$', description: 'send it as `Authorization: Bearer ak_…`; shown once' } })) },
        400: error('A bad name or an unknown scope'),
        401: unauthorized,
        403: forbidden,
        415: notJson,
      },
    },
  },
  '/v1/keys/{id}': {
    parameters: idParam('a key id'),
    delete: {
      summary: 'Revoke a key: its next request gets 401 (key.revoke in the audit log)',
      ...v1,
      responses: { 204: { description: 'revoked' }, 401: unauthorized, 403: forbidden, 404: error('No such live key') },
    },
  },
  '/v1/assignees': {
    get: {
      summary: 'Who a case can be assigned to: every person but viewers and `admin`, and the teams people belong to',
      ...v1,
      responses: {
        200: {
          description: '{ people, teams }; a case\'s owner is `person:<id>` or `team:<name>`',
          ...json(closed({ people: { type: 'array', items: closed({ id: PERSON_PROPS.id, name: PERSON_PROPS.name, email: PERSON_PROPS.email, team: PERSON_PROPS.team }) }, teams: { type: 'array', items: { type: 'string' } } })),
        },
        401: unauthorized,
        403: forbidden,
      },
    },
  },
  '/dashboard/session': {
    get: {
      summary: 'The current session: who is signed in, with what, until when, and what the sign-in page may offer',
      responses: {
        200: { description: 'signed in', ...json(ref('DashboardSession')) },
        401: { description: 'Not signed in (none, expired, its person removed, or made with an admin token since changed)', ...json(closed({ error: { type: 'string' }, signIn: offers })) },
        403: crossOrigin,
      },
    },
    post: {
      summary: 'Sign in with the admin token as the owner `admin`: an HttpOnly, SameSite=Strict session cookie (Secure over https), ending after 12 hours without a request',
      requestBody: body({ type: 'object', required: ['token'], properties: { token: { type: 'string' } } }),
      responses: { 204: { description: 'Signed in; `Set-Cookie: aftercare_session=…`' }, 400: error('Not a JSON object'), 401: error('Wrong token'), 403: crossOrigin, 415: notJson, 429: tooMany },
    },
    delete: { summary: 'Sign out: the session ends on the server', responses: { 204: { description: 'Signed out; the cookie is cleared' }, 403: crossOrigin } },
  },
  '/dashboard/signin/email': {
    post: {
      summary: 'E-mail me a sign-in link (15 minutes, one use): the same answer whether or not the address is a team member\'s',
      requestBody: body(closed({ email: { type: 'string', format: 'email', maxLength: 254 } })),
      responses: {
        202: { description: 'accepted; a link is sent only to a team member\'s address, and only with SMTP', ...json(closed({ sent: { const: true } })) },
        400: error('Not an e-mail address'),
        403: crossOrigin,
        415: notJson,
        429: { ...error('More than 5 a minute from this address'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
      },
    },
  },
  '/dashboard/signin/link': {
    post: {
      summary: 'Sign in with the code of an e-mailed link (the page posts it when the person presses Continue; opening the link changes nothing)',
      requestBody: body(closed({ code })),
      responses: { 204: { description: 'Signed in; `Set-Cookie: aftercare_session=…`' }, 400: error('Not such a body'), 403: crossOrigin, 410: error('Used, expired, replaced or unknown: ask for a new link'), 415: notJson, 429: tooMany },
    },
  },
  '/dashboard/join/{code}': {
    parameters: [{ name: 'code', in: 'path', required: true, schema: code }],
    get: {
      summary: 'What an invitation is for; reading it changes nothing',
      responses: {
        200: { description: 'a live invitation', ...json(closed({ email: PERSON_PROPS.email, name: PERSON_PROPS.name, role, team: PERSON_PROPS.team, limit: PERSON_PROPS.limit, expiresAt: time })) },
        403: crossOrigin,
        410: error('Used, expired, replaced or unknown'),
      },
    },
  },
  '/dashboard/join': {
    post: {
      summary: 'Accept an invitation without a passkey (the e-mail proved the address): signs in, once',
      requestBody: body(closed({ code })),
      responses: { 204: { description: 'Joined and signed in; `Set-Cookie: aftercare_session=…`' }, 400: error('Not such a body'), 403: crossOrigin, 410: error('Used, expired, replaced or unknown'), 415: notJson, 429: tooMany },
    },
  },
  '/dashboard/passkeys/register/options': {
    post: {
      summary: 'Begin registering a passkey: for the invitee of `join`, else for the signed-in person (a ceremony cookie for 5 minutes)',
      requestBody: { required: false, ...json({ type: 'object', properties: { join: { ...code, description: 'an invitation code: register while joining' } } }) },
      responses: {
        200: { description: 'for navigator.credentials.create(); a discoverable credential, no attestation', ...json(webauthn('PublicKeyCredentialCreationOptionsJSON', ['challenge', 'rp', 'user', 'pubKeyCredParams'])) },
        400: error('A bad body'),
        401: error('Not signed in (and no `join`)'),
        403: error('Another origin, or `admin` (the admin token\'s owner signs in with the token only)'),
        410: error('The invitation is used, expired or replaced'),
        413: error('Over 64 KB'),
        415: notJson,
      },
    },
  },
  '/dashboard/passkeys/register/verify': {
    post: {
      summary: 'Finish registering: the passkey is stored; with `join` the invitation is used and the person signed in (passkey.add in the audit log)',
      requestBody: body({ type: 'object', required: ['response'], properties: { join: code, name: { ...PASSKEY_PROPS.name, description: '`Passkey <n>` when absent' }, response: webauthn('RegistrationResponseJSON', ['id', 'rawId', 'type', 'response', 'clientExtensionResults']) } }),
      responses: {
        204: { description: 'Registered (with `join`: `Set-Cookie: aftercare_session=…`)' },
        400: error('No ceremony under way in this browser (or older than 5 minutes), begun for someone else, or a response that does not verify'),
        401: error('Not signed in (and no `join`)'),
        403: error('Another origin, or `admin`'),
        409: error('This passkey is already registered'),
        410: error('The invitation is used, expired or replaced'),
        413: error('Over 64 KB'),
        415: notJson,
        429: tooMany,
      },
    },
  },
  '/dashboard/passkeys/login/options': {
    post: {
      summary: 'Begin signing in with a passkey: discoverable, so no allowCredentials (the browser offers the passkeys it holds for this site)',
      requestBody: { required: false, ...json({ type: 'object', description: '{} or no body' }) },
      responses: {
        200: { description: 'for navigator.credentials.get()', ...json(webauthn('PublicKeyCredentialRequestOptionsJSON', ['challenge', 'rpId'])) },
        400: error('A bad body'),
        403: crossOrigin,
        413: error('Over 64 KB'),
        415: notJson,
      },
    },
  },
  '/dashboard/passkeys/login/verify': {
    post: {
      summary: 'Finish signing in with a passkey (passkey.signin in the audit log)',
      requestBody: body({ type: 'object', required: ['response'], properties: { response: webauthn('AuthenticationResponseJSON', ['id', 'rawId', 'type', 'response', 'clientExtensionResults']) } }),
      responses: {
        204: { description: 'Signed in; `Set-Cookie: aftercare_session=…`' },
        400: error('No ceremony under way in this browser, or older than 5 minutes'),
        401: error('Not recognised here (unknown, removed, another site, or a signature that does not verify)'),
        403: crossOrigin,
        413: error('Over 64 KB'),
        415: notJson,
        429: tooMany,
      },
    },
  },
  '/dashboard/sso': {
    get: {
      summary: 'Sign in with single sign-on: to the OpenID provider (authorization code flow with PKCE); mounted only with AFTERCARE_OIDC_ISSUER',
      responses: {
        302: { description: 'To the provider\'s authorization endpoint (a flow cookie for 10 minutes), or to `/dashboard/#sso-error=failed` when its discovery failed', headers: { Location: { schema: { type: 'string', format: 'uri' } } } },
        404: error('AFTERCARE_OIDC_ISSUER is not set'),
        503: error('AFTERCARE_PUBLIC_URL is not set (the redirect URI is built from it)'),
      },
    },
  },
  '/dashboard/sso/callback': {
    get: {
      summary: 'Where the provider sends the browser back (the redirect URI AFTERCARE_PUBLIC_URL/dashboard/sso/callback): the code exchanged, the ID token checked, the person found by their verified e-mail',
      responses: {
        302: {
          description: 'To `/dashboard/` signed in (`Set-Cookie: aftercare_session=…`), or to `/dashboard/#sso-error=unverified` (no verified e-mail), `not-invited` (nobody with that address, and AFTERCARE_OIDC_CREATE unset) or `failed`',
          headers: { Location: { schema: { type: 'string' } } },
        },
        404: error('AFTERCARE_OIDC_ISSUER is not set'),
        503: error('AFTERCARE_PUBLIC_URL is not set'),
      },
    },
  },
};

/**
 * Who may call a route, from http/access.ts: `Roles: owner, manager. Key scopes: responses:read, admin.`,
 * with a third sentence when a person limited to some meta values is refused it. '' for a route outside
 * the table (public, or guarded by a code, a session of its own or a sign-in).
 * @example accessNote('get', '/v1/deliveries/{deliveryId}')
 */
export function accessNote(method: string, path: string): string {
  const rule = accessOf(method.toUpperCase(), path.replace(/\{[^}/]+\}/g, 'x'));
  if (!rule) return '';
  const roles = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(rule.need));
  const scopes = SCOPES.filter((s) => SCOPE_PERMISSIONS[s].includes(rule.need));
  const limited = rule.limited === false ? ' Not for a person limited to some meta values: this data cannot be narrowed to them.' : '';
  return `Roles: ${roles.join(', ')}. Key scopes: ${scopes.join(', ')}.${limited}`;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
/** The paths with `accessNote` appended to each operation's description (a copy; operations outside the table unchanged). */
export function withAccess<T extends Record<string, object>>(paths: T): T {
  const out: Record<string, object> = {};
  for (const [path, item] of Object.entries(paths)) {
    out[path] = Object.fromEntries(
      Object.entries(item as Record<string, unknown>).map(([method, op]) => {
        const note = METHODS.has(method) ? accessNote(method, path) : '';
        if (!note) return [method, op];
        const described = op as { description?: string };
        return [method, { ...described, description: described.description ? `${described.description} ${note}` : note }];
      }),
    );
  }
  return out as T;
}
