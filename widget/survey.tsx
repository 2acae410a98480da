/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// Classic JSX (h): without preact/jsx-runtime the UI chunk is about 140 bytes (gzip) smaller.
import { Component, Fragment, h } from 'preact';
import type { Aftercare, Delivery } from '../sdk/index.ts';
import { reasonsGroup } from './reasons.tsx';
import { Scale, type CsatStyle } from './scale.tsx';
import { fill, formatDate, type Strings } from './strings.ts';

/** Why a survey went away: scored, closed without a score, "remind me later", or taken away by the app. */
export type CloseHow = 'answered' | 'dismissed' | 'later' | 'hidden';

export interface SurveyProps {
  sdk: Pick<Aftercare, 'answer' | 'dismiss'>;
  delivery: Pick<Delivery, 'id' | 'surveys'> & { deliveredAt?: string };
  strings: Strings;
  /** Well-formed BCP 47 tag of the strings: set on the dialog for screen readers; also picks digits and date format. */
  lang: string;
  dir?: 'ltr' | 'rtl';
  /** What the questions are about, e.g. "your washing machine repair"; rendered as text. */
  subject?: string;
  csatStyle?: CsatStyle;
  /** A modal dialog (centre placement): `aria-modal`, and Tab stays inside. */
  modal?: boolean;
  /** Focus the first option when shown (an app's explicit show(), or a modal). */
  autoFocus?: boolean;
  onClose: (how: Exclude<CloseHow, 'hidden'>) => void;
  /** The merchant's privacy notice (http or https, checked by the caller): a link under the questions. */
  privacyUrl?: string;
  /** The link's text instead of `strings.privacy`; rendered as text. */
  privacyText?: string;
  /** Offer "Delete my answer" on the thank-you step; resolves true when the collector confirmed the erasure. */
  onForget?: () => Promise<boolean>;
  /** Reason ids asked after the score (checked by mountSurvey), each labelled by `strings['reason.<id>']`. */
  reasons?: readonly string[];
  /**
   * A score chosen already (an invitation's link): shown chosen and stored on mount as if picked here.
   * Its kind comes first in `delivery.surveys` (mountSurvey sees to it).
   */
  score?: { kind: 'csat' | 'nps'; value: number };
  /** Start at the thank-you step: this delivery was answered already. */
  done?: boolean;
  /** Offer × (and Escape) and "Remind me later"; default true. `false` on a page that is the survey itself, where closing it would leave nothing. */
  dismissible?: boolean;
}

interface State {
  scores: { csat?: number; nps?: number };
  /** The reasons chosen, in the order they are offered. */
  chosen: string[];
  comment: string;
  thanks?: boolean;
  sending?: boolean;
  error?: boolean;
  /** After "Delete my answer", what it did: erased and confirmed, or on this device only. */
  forgot?: string;
}

let uidCounter = 0;

/**
 * The survey dialog: each score is stored (complete: false) the moment it is chosen, the comment
 * and Send add the final revision, then a thank-you is announced.
 * (A class component: preact/hooks would cost the UI chunk about 1 KB gzip.)
 */
export class Survey extends Component<SurveyProps, State> {
  override state: State = { scores: this.props.score ? { [this.props.score.kind]: this.props.score.value } : {}, chosen: [], comment: '', thanks: this.props.done };
  uid = `ac${++uidCounter}`;
  /** Saves overlap when scores are picked quickly: only the newest decides whether the alert shows. */
  seq = 0;
  card: HTMLDivElement | null = null;

  override componentDidMount() {
    const { autoFocus, score } = this.props;
    if (autoFocus) this.card?.querySelector('input')?.focus();
    if (score) void this.save({ [score.kind]: score.value, complete: false });
  }

  override componentDidUpdate(_: SurveyProps, prev: State) {
    // Send disappears with the form; keep keyboard users inside the dialog (on the card itself when
    // it has no button left).
    if (this.state.thanks && !prev.thanks) (this.card?.querySelector('button') ?? this.card)?.focus();
  }

  async save(patch: { csat?: number; nps?: number; comment?: string; reasons?: string[]; complete: boolean }) {
    const seq = ++this.seq;
    try {
      await this.props.sdk.answer({ deliveryId: this.props.delivery.id, ...patch });
      if (seq === this.seq) this.setState({ error: false });
      return true;
    } catch (e) {
      console.error('[aftercare] could not save the answer:', e);
      if (seq === this.seq) this.setState({ error: true });
      return false;
    }
  }

  /** × / Escape: a decline when nothing was scored; after a score the answer stands. `later`: snooze. */
  close(later?: boolean) {
    const { sdk, delivery, onClose } = this.props;
    const { scores, thanks } = this.state;
    const declined = !thanks && scores.csat === undefined && scores.nps === undefined;
    if (declined) {
      void (later ? sdk.dismiss(delivery.id, { later }) : sdk.dismiss(delivery.id)).catch((e) => console.error('[aftercare] could not record the dismissal:', e));
    }
    onClose(declined ? (later ? 'later' : 'dismissed') : 'answered');
  }

  submit = async (ev: Event) => {
    ev.preventDefault();
    const { scores, comment, sending } = this.state;
    if (sending || (scores.csat === undefined && scores.nps === undefined)) return;
    // Score saves may still be in flight: the SDK applies answers in call order, so this final
    // revision lands after them. Send itself is never disabled, so keyboard focus cannot fall out.
    this.setState({ sending: true });
    const ok = await this.save({ ...scores, comment, complete: true });
    this.setState({ sending: false, thanks: ok });
  };

  /** A reason chosen or taken back: the new list is stored at once as the next revision (`[]` once none is left). */
  pick = (reasons: string[]) => {
    this.setState({ chosen: reasons });
    void this.save({ reasons, complete: false });
  };

  forget = async () => {
    const ok = await this.props.onForget!();
    this.setState({ forgot: ok ? this.props.strings.forgotten : this.props.strings.forgetLocal });
    // The button is gone: keep focus in the dialog, on ×.
    this.card?.querySelector('button')?.focus();
  };

  keyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.props.dismissible !== false) {
      e.stopPropagation();
      this.close();
    } else if (this.props.modal && e.key === 'Tab') {
      // Focus trap: the × button comes first and a button always comes last.
      const buttons = this.card!.querySelectorAll('button');
      const [first, last] = [buttons[0]!, buttons[buttons.length - 1]!];
      if ((this.card!.getRootNode() as Document | ShadowRoot).activeElement === (e.shiftKey ? first : last)) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    }
  };

  render({ delivery, strings: s, lang, dir, subject, csatStyle, modal, privacyUrl, privacyText, onForget, reasons, dismissible = true }: SurveyProps, { scores, chosen, comment, thanks, sending, error, forgot }: State) {
    const { uid } = this;
    const kinds = delivery.surveys.length ? delivery.surveys : (['csat'] as const);
    const { csat, nps } = scores;
    const answered = csat !== undefined || nps !== undefined;
    // The reasons question and the comment prompt follow the score: `tone` picks reasonsNegative /
    // commentNegative and so on. With both asked, NPS decides when given (detractor 0–6, promoter
    // 9–10; the recommendation question is the later, broader verdict), else CSAT (1–2, 4–5).
    const tone = nps !== undefined ? (nps < 7 ? 'Negative' : nps > 8 ? 'Positive' : 'Label') : csat! < 3 ? 'Negative' : csat! > 3 ? 'Positive' : 'Label';
    const at = delivery.deliveredAt;
    // The SDK validates deliveredAt; a Survey rendered directly may have none, or junk: then no date line.
    const date = at && Date.parse(at) ? formatDate(at, lang) : '';
    return (
      <div
        ref={(el) => {
          this.card = el;
        }}
        class="card"
        role="dialog"
        aria-modal={modal ? 'true' : undefined}
        aria-labelledby={thanks ? `${uid}-t` : `${uid}-${kinds[0]}-q`}
        lang={lang}
        dir={dir}
        tabIndex={dismissible ? undefined : -1}
        onKeyDown={this.keyDown}
      >
        {dismissible ? (
          <button class="x" type="button" aria-label={s.close} onClick={() => this.close()}>
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
        {thanks ? null : (
          <form onSubmit={this.submit}>
            {kinds.map((kind, i) =>
              i === 0 || scores[kinds[i - 1]!] !== undefined ? (
                <Scale
                  key={kind}
                  kind={kind}
                  uid={uid}
                  question={fill(kind === 'csat' ? s.csatQuestion : s.npsQuestion, { subject: subject || s.subject })}
                  note={i === 0 && date ? fill(s.deliveredOn, { date }) : undefined}
                  strings={s}
                  lang={lang}
                  look={csatStyle}
                  value={scores[kind]}
                  onPick={(v) => {
                    this.setState({ scores: { ...this.state.scores, [kind]: v } });
                    void this.save({ [kind]: v, complete: false });
                  }}
                />
              ) : null,
            )}
            {answered && reasons?.length ? reasonsGroup(reasons, s[`reasons${tone}`], s, chosen, this.pick) : null}
            {answered ? (
              <>
                <label class="c" for={`${uid}-c`}>
                  {/* Under the reasons question the comment asks for more, not the same question again. */}
                  {reasons?.length ? s.commentMore : s[`comment${tone}`]}
                </label>
                <textarea
                  id={`${uid}-c`}
                  maxLength={2000}
                  value={comment}
                  onInput={(e) => this.setState({ comment: e.currentTarget.value })}
                  // The on-screen keyboard may cover the box: bring it into view (mount.tsx lifts the card above the keyboard).
                  onFocus={(e) => e.currentTarget.scrollIntoView?.({ block: 'nearest' })}
                />
              </>
            ) : null}
            {privacyUrl ? (
              <p class="pv">
                <a href={privacyUrl} target="_blank" rel="noreferrer">
                  {privacyText || s.privacy}
                </a>
              </p>
            ) : null}
            <div class="row">
              {answered ? (
                <button class="send" type="submit" aria-disabled={sending ? 'true' : undefined}>
                  {s.send}
                </button>
              ) : dismissible ? (
                <button type="button" onClick={() => this.close(true)}>
                  {s.later}
                </button>
              ) : null}
            </div>
            {error ? (
              <p class="err" role="alert">
                {s.saveFailed}
              </p>
            ) : null}
          </form>
        )}
        <p id={`${uid}-t`} role="status" class={thanks ? 'thanks' : 'sr'}>
          {thanks ? forgot || s.thanks : ''}
        </p>
        {thanks && onForget && !forgot ? (
          <button class="lk" type="button" onClick={this.forget}>
            {s.forget}
          </button>
        ) : null}
      </div>
    );
  }
}
