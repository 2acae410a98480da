// Signed deliveries: the merchant's server signs each delivery (HS256 JWT, claims sub = deliveryId,
// dat = deliveredAt, optional cid = customerId, optional exp), the tag carries it, and the collector
// stores a record only when the token verifies and its claims are the record's own. Without the
// secret nobody can invent answers about a delivery, or move one to another customer or date.
import { errors, jwtVerify, type JWTPayload } from 'jose';

export interface Claimed {
  deliveryId: string;
  /** Responses carry it; displays do not, so for them `dat` is not compared. */
  deliveredAt?: string | undefined;
  customerId?: string | undefined;
  deliveryToken?: string | undefined;
}

/** What the claims must match; `null` when the token vouches for the record, else the reason. */
export type Verdict = string | null;

/** The secret as jose wants it: the UTF-8 bytes of `AFTERCARE_DELIVERY_SECRET`. */
export const secretKey = (secret: string) => new TextEncoder().encode(secret);

async function verify(token: string, key: Uint8Array, now: Date): Promise<JWTPayload | string> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: now });
    return payload;
  } catch (e) {
    if (e instanceof errors.JWTExpired) return 'expired (exp is in the past); the merchant makes a new token';
    if (e instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify with AFTERCARE_DELIVERY_SECRET';
    if (e instanceof errors.JOSEAlgNotAllowed) return 'expected an HS256 JWT';
    if (e instanceof errors.JWTClaimValidationFailed) return `claim ${e.claim} is not valid: ${e.reason}`;
    return 'expected a JWT (HS256) made by the merchant with AFTERCARE_DELIVERY_SECRET';
  }
}

/**
 * Checks one record's token, caching by token: a delivery's responses and displays share one, so a
 * batch pays one HMAC per delivery, not per record.
 */
export function tokenChecker(key: Uint8Array, now: Date) {
  const cache = new Map<string, Promise<JWTPayload | string>>();
  return async function check(r: Claimed): Promise<Verdict> {
    if (!r.deliveryToken) return 'missing; this collector accepts only signed deliveries (data-delivery-token on the tag)';
    let p = cache.get(r.deliveryToken);
    if (!p) cache.set(r.deliveryToken, (p = verify(r.deliveryToken, key, now)));
    const payload = await p;
    if (typeof payload === 'string') return payload;
    if (payload.sub !== r.deliveryId) return 'sub does not match deliveryId';
    // Compared as instants: "2026-11-20T18:00:00+08:00" and "2026-11-20T10:00:00Z" are the same delivery.
    if (typeof payload.dat !== 'string' || Number.isNaN(Date.parse(payload.dat))) return 'dat: expected the delivery time as an ISO 8601 date-time';
    if (r.deliveredAt !== undefined && Date.parse(payload.dat) !== Date.parse(r.deliveredAt)) return 'dat does not match deliveredAt';
    // A token without cid vouches for no customer: a record that names one would be a forgery.
    if ((payload.cid ?? null) !== (r.customerId ?? null)) return 'cid does not match customerId';
    return null;
  };
}
