// The team: who is signed in and what their role may see (a copy of the collector's http/access.ts
// table, for the navigation only: the collector refuses on its own whatever a role may not read), the
// shapes of /v1/me, /v1/people, /v1/keys and /v1/assignees, and the passkey ceremonies
// (@simplewebauthn/browser between the collector's options and verify routes).
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { read, send, type Result } from './api.ts';
import type { Translate } from './i18n.ts';
import type { View } from './route.ts';

export const ROLES = ['owner', 'manager', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ['deliveries:write', 'responses:read', 'export', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** A person may see only the answers whose meta `key` is one of `values`. */
export interface Limit {
  key: string;
  values: string[];
}
/** The signed-in person, as GET /dashboard/session names them. */
export interface Me {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  team: string | null;
  limit: Limit | null;
}
/** Which sign-in methods the collector offers (GET /dashboard/session, also on its 401). */
export interface SignInOptions {
  sso: boolean;
  email: boolean;
}
export interface SessionRow {
  id: string;
  method: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
  current: boolean;
}
export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}
/** GET /v1/me for a person. */
export interface MeReply {
  person: Me;
  sessions: SessionRow[];
  passkeys: Passkey[];
}
/** One row of GET /v1/people. */
export interface Person extends Me {
  createdAt: string;
  joinedAt: string | null;
  lastSeenAt: string | null;
  sessions: SessionRow[];
  passkeys: number;
  invitation: { expiresAt: string } | null;
}
export interface Invitation {
  url: string;
  expiresAt: string;
  sent: boolean;
}
export interface ApiKey {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
}
/** GET /v1/assignees: who a case can be given to. */
export interface Assignees {
  people: Array<{ id: string; name: string; team: string | null }>;
  teams: string[];
}

type Permission = 'figures' | 'answers' | 'export' | 'cases' | 'deliveries' | 'webhooks' | 'people' | 'settings' | 'scorecards';
const PERMISSIONS: Record<Role, Permission[]> = {
  owner: ['figures', 'answers', 'export', 'cases', 'deliveries', 'webhooks', 'people', 'settings', 'scorecards'],
  manager: ['figures', 'answers', 'export', 'cases', 'deliveries', 'scorecards'],
  agent: ['cases'],
  viewer: ['figures'],
};
/**
 * What a view reads. Follow-up shows every case with its answer, so it needs answers as well.
 * Scorecards: everyone's card with `scorecards` (owners, managers), else an agent's own (GET /v1/scorecards/me).
 */
const NEEDS: Record<View, Permission[]> = {
  overview: ['figures'],
  segments: ['figures'],
  life: ['figures'],
  themes: ['figures'],
  channels: ['figures'],
  comments: ['answers'],
  export: ['export'],
  delivery: ['answers'],
  followup: ['cases', 'answers'],
  mycases: ['cases'],
  scorecards: ['cases'],
  webhooks: ['webhooks'],
  people: ['people'],
  settings: ['settings'],
  account: [],
};

/** The role's permission check; a collector without people (no `person` in the session) is the owner's. */
export const canOf = (role: Role | undefined) => (p: Permission) => (PERMISSIONS[role ?? 'owner'] ?? []).includes(p);
export const mayView = (role: Role | undefined, v: View) => NEEDS[v].every(canOf(role));
/** Where a role lands: the overview, or My cases for a role that reads no figures (an agent). */
export const homeOf = (role: Role | undefined): View => (mayView(role, 'overview') ? 'overview' : 'mycases');

/** GET /v1/assignees once: the choices of every case card's owner field. */
export function useAssignees(): Assignees {
  const [a, setA] = useState<Assignees>({ people: [], teams: [] });
  useEffect(() => {
    void read<Assignees>('/v1/assignees').then((r) => r.ok && setA(r.data));
  }, []);
  return a;
}

/** The browser can do WebAuthn at all (a passkey button is pointless otherwise). */
export const hasWebAuthn = () => typeof window.PublicKeyCredential === 'function';

/** The browser's part of a ceremony: its refusal (cancelled, timed out, no such key) becomes status -1. */
async function ceremony<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    return { ok: false, status: -1, message: name === 'NotAllowedError' || name === 'AbortError' ? '' : e instanceof Error ? e.message : String(e) };
  }
}

/** Sign in with a passkey: options, the browser's prompt, verify. 204 on success (the cookie is set). */
export async function passkeySignIn(): Promise<Result<void>> {
  const o = await send<Parameters<typeof startAuthentication>[0]['optionsJSON']>('POST', '/dashboard/passkeys/login/options', {});
  if (!o.ok) return o;
  const response = await ceremony(() => startAuthentication({ optionsJSON: o.data }));
  if (!response.ok) return response;
  return send<void>('POST', '/dashboard/passkeys/login/verify', { response: response.data });
}

/** Create a passkey: for the invitee of `join` (which also signs them in), else for the signed-in person. */
export async function registerPasskey(join?: string, name?: string): Promise<Result<void>> {
  const o = await send<Parameters<typeof startRegistration>[0]['optionsJSON']>('POST', '/dashboard/passkeys/register/options', join ? { join } : {});
  if (!o.ok) return o;
  const response = await ceremony(() => startRegistration({ optionsJSON: o.data }));
  if (!response.ok) return response;
  return send<void>('POST', '/dashboard/passkeys/register/verify', { ...(join ? { join } : {}), ...(name ? { name } : {}), response: response.data });
}

/** A failed passkey step in words: the browser's refusal, an unknown passkey, or the collector's reason. */
export function passkeyError(r: { status: number; message: string }, t: Translate): string {
  if (r.status === -1) return r.message ? t('passkeyFailed', { error: r.message }) : t('passkeyCancelled');
  if (r.status === 401) return t('passkeyUnknown');
  return t('passkeyFailed', { error: r.message });
}

/** "a, b , c" → ['a', 'b', 'c']. */
export const splitValues = (s: string) =>
  s
    .split(/[,，]/)
    .map((v) => v.trim())
    .filter(Boolean);
