// Runs tests/support/oidc-provider.mjs (a real OpenID provider, `oidc-provider`) as a process, for the
// single sign-on suite. A process of its own, like the SMTP and webhook sinks: the provider is Koa with
// its own cookies and keys, and the collector must reach it over real HTTP, as it would a real one.
import { spawn } from 'node:child_process';

export interface OidcProviderOptions {
  clientId: string;
  clientSecret: string;
  /** The collector's callback, e.g. http://127.0.0.1:PORT/dashboard/sso/callback (loopback only). */
  redirectUri: string;
}

/** Starts the provider; resolves once it listens, with its issuer. */
export async function startOidcProvider(o: OidcProviderOptions) {
  const proc = spawn(process.execPath, ['examples/collector/tests/support/oidc-provider.mjs'], {
    env: { PATH: process.env.PATH ?? '', OIDC_CLIENT_ID: o.clientId, OIDC_CLIENT_SECRET: o.clientSecret, OIDC_REDIRECT_URI: o.redirectUri },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8');
  proc.stderr!.setEncoding('utf8');
  proc.stdout!.on('data', (c: string) => (out += c));
  // oidc-provider's start-up warnings (the Node version, the in-memory store) are expected here and
  // would only bury a real error; everything else is passed on for the failure message.
  proc.stderr!.on('data', (c: string) => {
    err += c;
    const shown = c.split('\n').filter((l) => l && !l.startsWith('oidc-provider WARNING')).join('\n');
    if (shown) process.stderr.write(`${shown}\n`);
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oidc provider did not start: ${err}`)), 10_000);
    const check = () => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      proc.stdout!.off('data', check);
      resolve((JSON.parse(line) as { issuer: string }).issuer);
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oidc provider exited with ${code}: ${err}`));
    });
  });
  return {
    /** http://127.0.0.1:PORT, for AFTERCARE_OIDC_ISSUER. */
    issuer,
    /** The account the next sign-in completes as: ana@shop.example, ben@shop.example or new@shop.example. */
    async login(account: string) {
      const res = await fetch(`${issuer}/__login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account }) });
      if (res.status !== 204) throw new Error(`oidc provider: POST /__login ${account}: ${res.status} ${await res.text()}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}
export type OidcProvider = Awaited<ReturnType<typeof startOidcProvider>>;
