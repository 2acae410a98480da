// `npm run collector`: the standalone collector, configured from the environment (docs/configuration.md).
import { createCollector } from './app.ts';
import { configOrExit, testFlagsError } from './config.ts';
import { closeServer, serveCollector } from './serve.ts';

async function main() {
  const config = configOrExit(process.env);
  const { db } = config;
  // Test flags (never for production): scripted faults for the fault suite and the soak run.
  const testHooks = process.env.AFTERCARE_TEST_HOOKS === '1';
  const faultRate = Number(process.env.AFTERCARE_TEST_FAULT_RATE ?? 0) || 0;
  const hooks = testFlagsError(testHooks ? 'AFTERCARE_TEST_HOOKS' : 'AFTERCARE_TEST_FAULT_RATE', testHooks || faultRate !== 0, config.host);
  if (hooks) {
    console.error(hooks.message);
    process.exit(2);
  }
  const collector = await createCollector({
    ...config,
    testHooks,
    faultRate,
  }).catch((e: Error) => {
    console.error(`[aftercare collector] AFTERCARE_DB: expected a database the collector can open and migrate: ${e.message}`);
    process.exit(2);
  });
  const { server, port } = await serveCollector(collector.app.fetch, config.port, config.host).catch(async (e: NodeJS.ErrnoException) => {
    const variable = e.code === 'EADDRINUSE' || e.code === 'EACCES' ? 'AFTERCARE_PORT' : 'AFTERCARE_HOST';
    console.error(`[aftercare collector] ${variable}: expected an address to listen on; ${config.host}:${config.port} gave ${e.code ?? e.message}`);
    await collector.close();
    process.exit(2);
  });
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // One write, so a reader that waits for the listening line also has the token lines.
  const lines = [`collector listening on ${base}/v1/responses`, `database ${collector.kind === 'postgres' ? 'postgres (AFTERCARE_DB)' : db}`];
  if (config.deliverySecret) lines.push('signed deliveries: on (every record needs a deliveryToken)');
  lines.push(`alerts: ${config.alert.text === 'off' ? 'off' : `${config.alert.text} opens a case; tiers ${config.tiers.hours} (respond/resolve hours)${config.followupHours ? `, every first response due in ${config.followupHours} h` : ''}`}`);
  const inv = config.invitations;
  lines.push(`invitations: ${!inv.channels.includes('email') ? 'not by e-mail (AFTERCARE_INVITE_CHANNELS)' : inv.smtpUrl ? `by e-mail through ${new URL(inv.smtpUrl).host} from ${inv.from}` : inv.preview ? 'kept in the mail preview (AFTERCARE_MAIL_PREVIEW=1), not sent' : 'off (set AFTERCARE_SMTP_URL to send)'}`);
  if (config.oidc) lines.push(`single sign-on: ${new URL(config.oidc.issuer).host} (AFTERCARE_OIDC_ISSUER)${config.oidc.create ? `, new people join as ${config.oidc.create}` : ''}`);
  if (config.webhookUrls.length) lines.push(`webhooks: ${config.webhookUrls.length} endpoint(s)${config.webhookAllowPrivate ? ' (private addresses allowed)' : ''}`);
  if (inv.channels.includes('webhook')) lines.push('texts: invitation.due events to the webhook endpoint(s) for deliveries with a phone number (AFTERCARE_INVITE_CHANNELS)');
  if (testHooks || process.env.AFTERCARE_TEST_FAULT_RATE) lines.push('WARNING: test flags are on (fault injection); never in production');
  if (collector.createdToken) {
    lines.push(`admin token (shown once; only its hash is kept): ${collector.createdToken}`);
    lines.push(`dashboard login: ${base}/dashboard#token=${collector.createdToken}`);
  }
  console.log(lines.join('\n'));
  const stop = async () => {
    await closeServer(server, 10_000);
    await collector.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
