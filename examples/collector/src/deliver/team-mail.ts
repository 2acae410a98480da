// The team's e-mails: an invitation to join (7 days) and a sign-in link (15 minutes), sent through the
// same SMTP as the customers' invitations (AFTERCARE_SMTP_URL, AFTERCARE_MAIL_FROM). They are never
// kept in the mail preview (that shows customers' messages); without SMTP an invitation's link is shown
// to the owner to copy, and no sign-in link can be sent. Plain text and HTML, in English and Chinese
// (the merchant's staff may read either; the person's language is not known before they sign in).
import { randomBytes } from 'node:crypto';
import type { Mailer } from './mailer.ts';
import { escapeHtml } from './message.ts';

export interface TeamMailer {
  /** True when messages can be sent at all. */
  ready: boolean;
  invitation(to: string, o: { url: string; role: string; invitedBy: string }): Promise<boolean>;
  signInLink(to: string, o: { url: string }): Promise<boolean>;
  /** An escalation (deliver/escalation.ts): a case past a deadline, with a link to it; no comment text. */
  caseOverdue(to: string, o: { step: 'response' | 'resolution'; tier: string | null; due: number; url: string; scores: string; store: string | null }): Promise<{ ok: boolean; error?: string }>;
}

export function teamMailer(o: { mailer: Mailer | null; smtp: boolean; from?: string | undefined; publicUrl: () => string | undefined; brand: string }): TeamMailer {
  const ready = !!(o.mailer && o.smtp && o.from);
  const send = async (to: string, subject: string, lines: string[], url: string, button: string) => {
    if (!ready) return false;
    return (await sendOne(to, subject, lines, url, button)).ok;
  };
  const sendOne = async (to: string, subject: string, lines: string[], url: string, button: string): Promise<{ ok: boolean; error?: string }> => {
    if (!ready) return { ok: false, error: 'e-mail is not set up (AFTERCARE_SMTP_URL, AFTERCARE_MAIL_FROM)' };
    const host = new URL(o.publicUrl() ?? 'http://localhost').hostname;
    const text = [...lines, '', url, ''].join('\n');
    const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(button)}</a></p><p style="color:#555;font-size:13px">${escapeHtml(url)}</p></body></html>`;
    // The mailer's message shape is the customers' invitation; a team message belongs to no delivery.
    const r = await o.mailer!.send({
      invitationId: 'team', deliveryId: '', kind: 'invite', from: o.from!, to, subject, text, html,
      messageId: `<team.${randomBytes(12).toString('hex')}@${host}>`, headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'en, zh-CN' },
    });
    if (r.kind !== 'sent') console.error(`[aftercare collector] team mail to one address not sent: ${r.error.slice(0, 200)}`);
    return r.kind === 'sent' ? { ok: true } : { ok: false, error: r.error };
  };
  const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return {
    ready,
    caseOverdue: (to, m) =>
        sendOne(
          to,
          m.step === 'response' ? `${o.brand}: a case waits for its first response · 案例待首次响应` : `${o.brand}: a case is past its resolution deadline · 案例已超过解决时限`,
          [
            m.step === 'response'
              ? `A ${m.tier ?? ''} case (${m.scores}${m.store ? `, ${m.store}` : ''}) assigned to you was due a first response by ${when(m.due)}.`
              : `A ${m.tier ?? ''} case (${m.scores}${m.store ? `, ${m.store}` : ''}) of your team was due to be resolved by ${when(m.due)}.`,
            m.step === 'response' ? `分配给您的${m.tier ?? ''}案例应在 ${when(m.due)} 前首次响应。` : `您团队的${m.tier ?? ''}案例应在 ${when(m.due)} 前解决。`,
          ],
          m.url,
          'Open the case · 打开案例',
        ),
    invitation: (to, m) =>
      send(
        to,
        `${o.brand}: join the feedback team · 加入反馈团队`,
        [
          `${m.invitedBy} invited you to ${o.brand}'s customer feedback (Aftercare) as ${m.role}.`,
          'Open the link within 7 days to create your passkey and sign in. It works once.',
          `${m.invitedBy} 邀请您以 ${m.role} 身份加入 ${o.brand} 的客户反馈（Aftercare）。`,
          '请在 7 天内打开链接，创建通行密钥并登录。链接只能使用一次。',
        ],
        m.url,
        'Join · 加入',
      ),
    signInLink: (to, m) =>
      send(
        to,
        `${o.brand}: your sign-in link · 登录链接`,
        [
          'Open this link within 15 minutes to sign in to the feedback dashboard. It works once.',
          'If you did not ask for it, ignore this message: nobody can sign in without the link.',
          '请在 15 分钟内打开此链接登录反馈看板。链接只能使用一次。',
          '如果这不是您本人的请求，请忽略此邮件。',
        ],
        m.url,
        'Sign in · 登录',
      ),
  };
}
