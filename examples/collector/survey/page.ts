import { atWave, createAftercare, type Aftercare, type AftercareOptions } from '../../../sdk/index.ts';
import { mountSurvey, type MountedSurvey } from '../../../widget/index.ts';
import { PREFIX, readConfig } from './config.ts';
import { isTrusted, personGate, type Trust } from './guard.ts';
import { pinnedPolicy } from './wave.ts';

export interface SurveyPageOptions {
  /** The element the survey goes in (`#aftercare-survey`). */
  root: Element;
  /** The page's config, parsed from its JSON block (checked here: see `readConfig`). */
  config: unknown;
  /** Whether an event is a person's doing; default `event.isTrusted`. */
  trusted?: Trust;
  /** More SDK options, for tests (`fetch`, `dbName`, `now`). */
  sdk?: Partial<AftercareOptions>;
}

/**
 * The survey page an invitation's link opens (`/s/<code>`): the real survey, inline in `root`, for
 * the config's delivery and wave, at once. The SDK's timing rules (window, prompts, snooze, cooldown,
 * sampling) decide when a survey may interrupt a merchant's page; here the customer came to answer,
 * and the collector serves this page only while the wave's window is open. An answer this browser
 * already holds for that delivery and wave shows the thank-you step instead.
 *
 * Nothing is recorded until a person acts on the survey (`personGate`): not the delivery, not the
 * link's preselected score, not even the display. Mail scanners open the link and run this script in
 * a real browser; counting their visits as displays would sink the response rate, and their visit is
 * no one's answer. A display therefore counts from a person's first touch, key or click, and the
 * preselected score is then recorded as if chosen there.
 */
export async function startSurveyPage(o: SurveyPageOptions): Promise<{ aftercare: Aftercare; survey: MountedSurvey }> {
  const config = readConfig(o.config);
  const { delivery, wave } = config;
  const clock = o.sdk?.now ?? Date.now;
  const now = clock();
  const policy = pinnedPolicy(delivery, wave, now);
  if (!policy) console.error(`${PREFIX}: config.wave: ${wave} is not a wave of this delivery by this browser's clock (${new Date(now).toISOString()}); the answer goes under the wave the clock says`);
  const aftercare = createAftercare({
    endpoint: config.collector,
    locale: config.locale,
    channel: config.channel,
    // The path holds the link's code, which is the customer's key to this page: not sent with answers.
    collectPage: false,
    ...(policy ? { windowDays: policy.windowDays as [number, number] } : {}),
    ...o.sdk,
  });
  const stored = await aftercare.delivery(delivery.id);
  const d = stored && atWave(stored, clock(), aftercare.policy);
  const answered = !!d && (d.wave ?? 0) === wave && (!!d.response || d.elsewhere === wave);
  // On the thank-you step nothing is asked, so nothing is to be recorded, even after a keypress.
  const record = () => (answered ? Promise.resolve() : aftercare.recordDelivery({ ...delivery, surveys: config.survey }));
  const { sdk } = personGate(o.root, aftercare, record, o.trusted ?? isTrusted);
  const survey = await mountSurvey(
    sdk,
    { id: delivery.id, surveys: config.survey, deliveredAt: delivery.deliveredAt },
    {
      placement: 'inline',
      container: o.root,
      locale: [config.locale, ...navigator.languages],
      dismissible: false,
      answered,
      ...(config.score && !answered ? { score: config.score } : {}),
      ...(config.reasons ? { reasons: config.reasons } : {}),
      ...(config.privacyUrl ? { privacyUrl: config.privacyUrl } : {}),
      ...(config.brandColor ? { theme: { brand: config.brandColor } } : {}),
    },
  );
  return { aftercare, survey };
}
