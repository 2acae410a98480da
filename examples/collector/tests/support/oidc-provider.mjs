// A real OpenID provider for the single sign-on suite, as a process: `node oidc-provider.mjs` with
// OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI (or the same three as arguments). It runs
// `oidc-provider` on 127.0.0.1 (a free port) and prints one JSON line, {"issuer": "http://127.0.0.1:PORT"},
// once it listens.
//
// Sign-in without a browser form: the test names the account first with `POST /__login
// {"account": "ana@shop.example"}`; the next interaction (login, then consent) completes at once as
// that account, granting openid email profile. (A client that keeps the provider's session cookie is
// not asked again: the suite starts each sign-in with an empty cookie jar, like a new browser.) The provider's own protocol (discovery, authorization,
// token, userinfo, keys) is untouched, so the collector talks to it exactly as to a real one.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const [argId, argSecret, argRedirect] = process.argv.slice(2);
const clientId = argId ?? process.env.OIDC_CLIENT_ID;
const clientSecret = argSecret ?? process.env.OIDC_CLIENT_SECRET;
const redirectUri = argRedirect ?? process.env.OIDC_REDIRECT_URI;
if (!clientId || !clientSecret || !redirectUri) {
  console.error('oidc-provider.mjs: needs OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI (or them as arguments)');
  process.exit(2);
}
// The redirect target must be on this machine too: the suite never sends a browser anywhere else.
if (!['127.0.0.1', '[::1]', 'localhost'].includes(new URL(redirectUri).hostname)) {
  console.error(`oidc-provider.mjs: the redirect URI must be on a loopback host, got ${new URL(redirectUri).hostname}`);
  process.exit(2);
}

/** The accounts, by e-mail; `sub` is a stable id, as a real provider's is (never the e-mail). */
const ACCOUNTS = {
  'ana@shop.example': { sub: 'acc-ana', email: 'ana@shop.example', email_verified: true, name: 'Ana' },
  'ben@shop.example': { sub: 'acc-ben', email: 'ben@shop.example', email_verified: false, name: 'Ben' },
  'new@shop.example': { sub: 'acc-new', email: 'new@shop.example', email_verified: true, name: 'Nora New', aftercare_role: 'manager' },
};
const bySub = new Map(Object.values(ACCOUNTS).map((a) => [a.sub, a]));
/** Who the next interaction signs in as (set by POST /__login). */
let nextAccount = null;

let provider;
const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (req.method === 'POST' && path === '/__login') return control(req, res);
  if (path.startsWith('/interaction/')) return interaction(req, res);
  return provider.callback()(req, res);
});

/** POST /__login {"account"}: remembers who the next sign-in is. */
function control(req, res) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    let account;
    try {
      account = JSON.parse(body || '{}').account;
    } catch {
      // A malformed body is answered below like an unknown account.
    }
    if (!Object.hasOwn(ACCOUNTS, account)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `unknown account ${JSON.stringify(account)}` }));
      return;
    }
    nextAccount = account;
    res.writeHead(204).end();
  });
}

/** The interaction, finished at once: login as the named account, then consent to the scopes asked for. */
async function interaction(req, res) {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!nextAccount) {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'no account named by POST /__login' }, { mergeWithLastSubmission: false });
        return;
      }
      const accountId = ACCOUNTS[nextAccount].sub;
      await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      return;
    }
    if (details.prompt.name === 'consent') {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope('openid email profile');
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`unexpected prompt ${details.prompt.name}`);
  } catch (e) {
    // Shown on stderr, for the test's failure message; the response says no more than that it failed.
    console.error('oidc-provider.mjs: interaction:', e instanceof Error ? e.message : e);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('interaction failed');
  }
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  // A signing key made now: the provider's built-in development key would print a warning and is public.
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    // PKCE for every client, as the collector always sends it (the default requires it of public clients only).
    pkce: { required: () => true },
    // The role claim rides on the profile scope, as an IdP's custom claim mapping would put it.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'aftercare_role'] },
    scopes: ['openid', 'email', 'profile'],
    async findAccount(_ctx, sub) {
      const a = bySub.get(sub);
      if (!a) return undefined;
      return { accountId: sub, async claims() { return { ...a } } };
    },
    features: { devInteractions: { enabled: false } },
    jwks: { keys: [{ ...signing, kid: 'test', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
  });
  // Errors the provider answers with (a bad client, a failed PKCE) go to stderr for the test's failure message.
  provider.on('server_error', (_ctx, e) => console.error('oidc-provider.mjs: server_error:', e.message));
  console.log(JSON.stringify({ issuer }));
});
