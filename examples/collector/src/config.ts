// Configuration from the environment. One bad variable → one `[aftercare collector]` line naming it and
// what is expected, and exit code 2 (the caller decides; this module only reports).
import { resolve } from 'node:path';
import { isPostgresUrl } from './store/open.ts';

export interface CollectorConfig {
  /** A file path (SQLite) or a postgres:// URL. */
  db: string;
  port: number;
  host: string;
  /** Browser origins allowed to post answers from another origin; `*` for any. */
  origins: string[];
  adminToken?: string | undefined;
  deliverySecret?: string | undefined;
  /** Requests per minute per client address on `POST /v1/responses`. */
  rateLimit: number;
  trustProxy: boolean;
  /** The IANA time zone the read side's dates, days, weeks and months are in (default UTC). */
  timeZone: string;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, expected: string) {
    super(`[aftercare collector] ${variable}: expected ${expected}`);
  }
}

/** True for a time zone name this runtime's Intl knows (IANA names, `UTC`). */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The characters RFC 6750 allows in a bearer token (what `Authorization: Bearer …` can carry). */
const BEARER = /^[A-Za-z0-9._~+/-]+=*$/;

const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `an integer from ${min} to ${max}, got "${raw}"`);
  return n;
};

/**
 * Reads the collector's configuration; throws a `ConfigError` for the first bad variable. Secrets are
 * never echoed in the message.
 * @example loadConfig({ AFTERCARE_PORT: '0' }).port // 0
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, defaults: { db?: string } = {}): CollectorConfig {
  const db = env.AFTERCARE_DB?.trim() || defaults.db || 'examples/.data/collector.db';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(db) && !isPostgresUrl(db)) {
    throw new ConfigError('AFTERCARE_DB', 'a file path (SQLite) or a postgres:// or postgresql:// URL');
  }
  const port = int('AFTERCARE_PORT', env.AFTERCARE_PORT, 8787, 0, 65535);
  const host = env.AFTERCARE_HOST?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new ConfigError('AFTERCARE_HOST', `a host name or IP address to listen on, got "${host}"`);
  const origins = (env.AFTERCARE_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of origins) {
    if (o === '*') continue;
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o;
    } catch {
      // Not a URL at all: reported below.
    }
    if (!ok) throw new ConfigError('AFTERCARE_ORIGINS', `comma-separated origins such as https://shop.example (scheme and host, no path or trailing slash), got "${o}"`);
  }
  const adminToken = env.AFTERCARE_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && (adminToken.length < 24 || !BEARER.test(adminToken))) {
    throw new ConfigError('AFTERCARE_ADMIN_TOKEN', 'at least 24 characters of A–Z a–z 0–9 . _ ~ + / - (e.g. `openssl rand -base64 32`)');
  }
  const deliverySecret = env.AFTERCARE_DELIVERY_SECRET || undefined;
  if (deliverySecret !== undefined && deliverySecret.length < 32) {
    throw new ConfigError('AFTERCARE_DELIVERY_SECRET', 'at least 32 characters (HS256 wants a 256-bit key; e.g. `openssl rand -base64 48`)');
  }
  const rateLimit = int('AFTERCARE_RATE_LIMIT', env.AFTERCARE_RATE_LIMIT, 120, 1, 1_000_000);
  const tp = (env.AFTERCARE_TRUST_PROXY ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'true', 'false', 'yes', 'no'].includes(tp)) throw new ConfigError('AFTERCARE_TRUST_PROXY', `1 or 0 (true or false), got "${tp}"`);
  const timeZone = env.AFTERCARE_TZ?.trim() || 'UTC';
  if (!validTimeZone(timeZone)) throw new ConfigError('AFTERCARE_TZ', `an IANA time zone such as Europe/Berlin or Asia/Shanghai, got "${timeZone}"`);
  return { db, port, host, origins, adminToken, deliverySecret, rateLimit, trustProxy: ['1', 'true', 'yes'].includes(tp), timeZone };
}

/**
 * `loadConfig` for a process: on a bad variable, its one `[aftercare collector]` line and exit code 2.
 * A SQLite path comes back resolved against the working folder. Used by `npm run collector` and `npm start`.
 */
export function configOrExit(env: Record<string, string | undefined>, defaults: { db?: string } = {}): CollectorConfig {
  try {
    const config = loadConfig(env, defaults);
    return { ...config, db: isPostgresUrl(config.db) ? config.db : resolve(config.db) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}
