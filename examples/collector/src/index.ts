// aftercare-collector: the reference collector as a library (the standalone server, `npx aftercare-collector`, is main.ts).
export { createCollector, VERSION, type Collector, type CollectorOptions } from './app.ts';
export { ConfigError, configOrExit, loadConfig, loopbackHost, testFlagsError, type CollectorConfig } from './config.ts';
export { MAX_BODY_BYTES } from './http/limits.ts';
export { FAULTS } from './http/faults.ts';
export { OUTCOME_RANK, storeBatch } from './store/store.ts';
export { displayColumns, responseColumns } from './store/derived.ts';
export { isPostgresUrl, migrate, openDb } from './store/open.ts';
export { MIGRATIONS } from './store/migrations.ts';
export { serveCollector } from './serve.ts';
export { DEFAULT_ALERT, matchesAlert, parseAlert, type AlertRule } from './store/alert.ts';
export { patchCase, type CasePatch, type Loop } from './store/cases.ts';
export { storeDeliveries, cancelAnswered, unsubscribe, type DeliveryIn } from './store/deliveries.ts';
export { invitationWorker, type InvitationConfig } from './deliver/invitations.ts';
export { previewMailer, smtpMailer, type Mailer, type OutgoingMail, type SendResult } from './deliver/mailer.ts';
export { renderMessage } from './deliver/message.ts';
export { loadInvitationConfig } from './config.ts';
export { suppressionSalt } from './store/erase.ts';
