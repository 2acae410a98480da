// The words of the invitation e-mail and of the collector's survey and unsubscribe pages, in every
// locale the widget has. The question, its choices and anchors, "Send", the thank-you, the comment
// prompt and the privacy link are the widget's own (widget/locales/*.ts), imported rather than retyped,
// so the e-mail asks exactly what the survey asks; only the words the widget never shows are here.
// The locale modules are plain data (a type import and one object), so Node and the collector's SSR
// build import them as they are; all ten are static imports, so widget/strings.ts's lazy import()s
// find them already in the bundle and split no chunk off.
import ar from '../../../../widget/locales/ar.ts';
import de from '../../../../widget/locales/de.ts';
import en from '../../../../widget/locales/en.ts';
import es from '../../../../widget/locales/es.ts';
import fr from '../../../../widget/locales/fr.ts';
import ja from '../../../../widget/locales/ja.ts';
import ko from '../../../../widget/locales/ko.ts';
import ptBR from '../../../../widget/locales/pt-BR.ts';
import zhCN from '../../../../widget/locales/zh-CN.ts';
import zhTW from '../../../../widget/locales/zh-TW.ts';
import { resolveLocale, type Strings, type UiLocale } from '../../../../widget/strings.ts';

export { dirOf, fill, formatNumber, LOCALES, type Dir } from '../../../../widget/strings.ts';

/** A built-in locale: the widget's (`en`, `zh-CN`, `zh-TW`, `ja`, `ko`, `es`, `fr`, `de`, `pt-BR`, `ar`). */
export type Locale = UiLocale;

/** The words the e-mail and the pages add to the widget's. `{brand}` and `{date}` are filled as plain text. */
export interface MailWords {
  subjectInvite: string;
  subjectReminder: string;
  /** The line above the question in an invitation. */
  introInvite: string;
  /** …and in a reminder. */
  introReminder: string;
  /** The plain link to the survey under the scores ("Or open the survey"). */
  open: string;
  /** Why the customer gets the e-mail, above the merchant's postal footer. */
  why: string;
  /** The e-mail's unsubscribe link and the confirmation page's button. */
  unsubscribe: string;
  /** The survey page's heading. */
  feedbackTitle: string;
  noscript: string;
  earlyTitle: string;
  /** `{date}`: the day the survey opens, in the locale's long date format. */
  earlyText: string;
  closedTitle: string;
  closedText: string;
  /** Under the widget's thank-you when the survey was already answered. */
  answeredText: string;
  /** After the comment was posted, in place of the form. */
  commented: string;
  unknownTitle: string;
  unknownText: string;
  unsubscribeTitle: string;
  unsubscribeText: string;
  unsubscribedTitle: string;
  unsubscribedText: string;
  /** Followed by a link to the privacy notice. */
  eraseNotice: string;
  /** When there is no privacy notice to link to. */
  eraseContact: string;
  privacyNotice: string;
  /** The QR card's line above the code (deliver/card.ts): short, it is printed large. */
  card: string;
  /**
   * The text message of an `invitation.due` event, `{brand}` and `{link}` filled in: short, as it must fit one
   * SMS with the link (deliver/sms.ts). Only GSM-7 characters where the language allows (no typographic
   * apostrophes or no-break spaces), so it counts against 160 characters rather than 70.
   */
  sms: string;
}

/** The widget's strings and the e-mail's own words for one locale. */
export type MailStrings = Strings & MailWords;

const WIDGET: Record<Locale, Strings> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW, ja, ko, es, fr, de, 'pt-BR': ptBR, ar };

const WORDS: Record<Locale, MailWords> = {
  en: {
    subjectInvite: 'How was your experience with {brand}?',
    subjectReminder: 'Reminder: how was your experience with {brand}?',
    introInvite: 'Thank you for choosing {brand}. Would you tell us how it went? Just click an answer below.',
    introReminder: 'A reminder: we would still like to hear how it went. It takes one click.',
    open: 'Or open the survey',
    why: 'You are receiving this e-mail because of your recent order or service with {brand}.',
    unsubscribe: 'Unsubscribe',
    feedbackTitle: 'Your feedback',
    noscript: 'Please turn on JavaScript to answer the survey.',
    earlyTitle: 'This survey is not open yet',
    earlyText: 'You can answer it from {date}. Please come back then.',
    closedTitle: 'This survey is closed',
    closedText: 'Thank you all the same: answers are no longer collected for it.',
    answeredText: 'We have received your answer.',
    commented: 'Your comment was added. Thank you!',
    unknownTitle: 'This link does not work',
    unknownText: 'It may be incomplete. Please open it again from the e-mail.',
    unsubscribeTitle: 'Stop survey e-mails from {brand}?',
    unsubscribeText: 'You will no longer receive e-mails asking for your feedback.',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedText: 'You will get no more survey e-mails from {brand}. The answers you already gave are kept.',
    eraseNotice: 'To have them erased, see the privacy notice.',
    eraseContact: 'To have them erased, contact {brand}.',
    privacyNotice: 'Privacy notice',
    card: 'How did we do? Scan to tell us',
    sms: '{brand}: How did we do? Tell us here: {link}',
  },
  de: {
    subjectInvite: 'Wie war Ihre Erfahrung mit {brand}?',
    subjectReminder: 'Erinnerung: Wie war Ihre Erfahrung mit {brand}?',
    introInvite: 'Vielen Dank, dass Sie sich für {brand} entschieden haben. Verraten Sie uns, wie es gelaufen ist? Klicken Sie einfach unten auf eine Antwort.',
    introReminder: 'Eine kurze Erinnerung: Wir würden noch gern erfahren, wie es gelaufen ist. Es dauert nur einen Klick.',
    open: 'Oder öffnen Sie die Umfrage',
    why: 'Sie erhalten diese E-Mail, weil Sie kürzlich bei {brand} bestellt oder einen Service in Anspruch genommen haben.',
    unsubscribe: 'Abmelden',
    feedbackTitle: 'Ihr Feedback',
    noscript: 'Bitte aktivieren Sie JavaScript, um die Umfrage zu beantworten.',
    earlyTitle: 'Diese Umfrage ist noch nicht geöffnet',
    earlyText: 'Sie können sie ab dem {date} beantworten. Bitte schauen Sie dann wieder vorbei.',
    closedTitle: 'Diese Umfrage ist beendet',
    closedText: 'Trotzdem vielen Dank: Für diese Umfrage werden keine Antworten mehr angenommen.',
    answeredText: 'Ihre Antwort ist bei uns eingegangen.',
    commented: 'Ihr Kommentar wurde hinzugefügt. Vielen Dank!',
    unknownTitle: 'Dieser Link funktioniert nicht',
    unknownText: 'Vielleicht ist er unvollständig. Bitte öffnen Sie ihn erneut aus der E-Mail.',
    unsubscribeTitle: 'Keine Umfrage-E-Mails mehr von {brand}?',
    unsubscribeText: 'Sie erhalten dann keine E-Mails mehr mit der Bitte um Ihr Feedback.',
    unsubscribedTitle: 'Sie sind abgemeldet',
    unsubscribedText: 'Sie erhalten keine Umfrage-E-Mails mehr von {brand}. Ihre bisherigen Antworten bleiben gespeichert.',
    eraseNotice: 'Wie Sie sie löschen lassen können, steht in der Datenschutzerklärung.',
    eraseContact: 'Wenden Sie sich an {brand}, um sie löschen zu lassen.',
    privacyNotice: 'Datenschutzerklärung',
    card: 'Wie zufrieden waren Sie? Code scannen und uns sagen',
    sms: '{brand}: Wie zufrieden waren Sie? Sagen Sie es uns hier: {link}',
  },
  es: {
    subjectInvite: '¿Qué tal fue su experiencia con {brand}?',
    subjectReminder: 'Recordatorio: ¿qué tal fue su experiencia con {brand}?',
    introInvite: 'Gracias por elegir {brand}. ¿Nos cuenta cómo le fue? Solo tiene que hacer clic en una respuesta.',
    introReminder: 'Un recordatorio: todavía nos gustaría saber cómo le fue. Solo le llevará un clic.',
    open: 'O abra la encuesta',
    why: 'Recibe este correo por su reciente pedido o servicio con {brand}.',
    unsubscribe: 'Darse de baja',
    feedbackTitle: 'Su opinión',
    noscript: 'Active JavaScript para responder la encuesta.',
    earlyTitle: 'Esta encuesta aún no está abierta',
    earlyText: 'Podrá responderla a partir del {date}. Vuelva entonces, por favor.',
    closedTitle: 'Esta encuesta está cerrada',
    closedText: 'Gracias de todos modos: ya no se recogen respuestas para esta encuesta.',
    answeredText: 'Hemos recibido su respuesta.',
    commented: 'Se ha añadido su comentario. ¡Gracias!',
    unknownTitle: 'Este enlace no funciona',
    unknownText: 'Puede que esté incompleto. Ábralo de nuevo desde el correo.',
    unsubscribeTitle: '¿Dejar de recibir encuestas de {brand} por correo?',
    unsubscribeText: 'Ya no recibirá correos en los que le pidamos su opinión.',
    unsubscribedTitle: 'Se ha dado de baja',
    unsubscribedText: 'No recibirá más encuestas de {brand} por correo. Las respuestas que ya dio se conservan.',
    eraseNotice: 'Para que se eliminen, consulte el aviso de privacidad.',
    eraseContact: 'Para que se eliminen, póngase en contacto con {brand}.',
    privacyNotice: 'Aviso de privacidad',
    card: '¿Qué tal lo hicimos? Escanee y cuéntenos',
    sms: '{brand}: ¿Qué tal lo hicimos? Cuéntenos: {link}',
  },
  fr: {
    subjectInvite: 'Comment s’est passée votre expérience avec {brand}\u00a0?',
    subjectReminder: 'Rappel\u00a0: comment s’est passée votre expérience avec {brand}\u00a0?',
    introInvite: 'Merci d’avoir choisi {brand}. Pouvez-vous nous dire comment cela s’est passé\u00a0? Il suffit de cliquer sur une réponse ci-dessous.',
    introReminder: 'Petit rappel\u00a0: nous aimerions toujours savoir comment cela s’est passé. Un clic suffit.',
    open: 'Ou ouvrez le questionnaire',
    why: 'Vous recevez cet e-mail à la suite de votre récente commande ou prestation chez {brand}.',
    unsubscribe: 'Se désabonner',
    feedbackTitle: 'Votre avis',
    noscript: 'Veuillez activer JavaScript pour répondre au questionnaire.',
    earlyTitle: 'Ce questionnaire n’est pas encore ouvert',
    earlyText: 'Vous pourrez y répondre à partir du {date}. Revenez à ce moment-là.',
    closedTitle: 'Ce questionnaire est clos',
    closedText: 'Merci tout de même\u00a0: les réponses à ce questionnaire ne sont plus recueillies.',
    answeredText: 'Nous avons bien reçu votre réponse.',
    commented: 'Votre commentaire a été ajouté. Merci\u00a0!',
    unknownTitle: 'Ce lien ne fonctionne pas',
    unknownText: 'Il est peut-être incomplet. Veuillez le rouvrir depuis l’e-mail.',
    unsubscribeTitle: 'Ne plus recevoir les questionnaires de {brand} par e-mail\u00a0?',
    unsubscribeText: 'Vous ne recevrez plus d’e-mails vous demandant votre avis.',
    unsubscribedTitle: 'Votre désabonnement est confirmé',
    unsubscribedText: 'Vous ne recevrez plus de questionnaires de {brand} par e-mail. Les réponses déjà données sont conservées.',
    eraseNotice: 'Pour les faire effacer, consultez la politique de confidentialité.',
    eraseContact: 'Pour les faire effacer, contactez {brand}.',
    privacyNotice: 'Politique de confidentialité',
    card: 'Comment s’est passé notre service\u00a0? Scannez pour nous le dire',
    sms: '{brand} : Comment était notre service ? Donnez votre avis : {link}',
  },
  'pt-BR': {
    subjectInvite: 'Como foi sua experiência com {brand}?',
    subjectReminder: 'Lembrete: como foi sua experiência com {brand}?',
    introInvite: 'Obrigado por escolher {brand}. Pode nos contar como foi? É só clicar em uma resposta abaixo.',
    introReminder: 'Um lembrete: ainda gostaríamos de saber como foi. Leva só um clique.',
    open: 'Ou abra a pesquisa',
    why: 'Você está recebendo este e-mail por causa do seu pedido ou atendimento recente com {brand}.',
    unsubscribe: 'Cancelar inscrição',
    feedbackTitle: 'Sua opinião',
    noscript: 'Ative o JavaScript para responder à pesquisa.',
    earlyTitle: 'Esta pesquisa ainda não está aberta',
    earlyText: 'Você poderá respondê-la a partir de {date}. Volte nessa data.',
    closedTitle: 'Esta pesquisa foi encerrada',
    closedText: 'Obrigado mesmo assim: esta pesquisa não recebe mais respostas.',
    answeredText: 'Recebemos sua resposta.',
    commented: 'Seu comentário foi adicionado. Obrigado!',
    unknownTitle: 'Este link não funciona',
    unknownText: 'Talvez esteja incompleto. Abra-o novamente a partir do e-mail.',
    unsubscribeTitle: 'Deixar de receber e-mails de pesquisa de {brand}?',
    unsubscribeText: 'Você não receberá mais e-mails pedindo sua opinião.',
    unsubscribedTitle: 'Inscrição cancelada',
    unsubscribedText: 'Você não receberá mais e-mails de pesquisa de {brand}. As respostas que você já deu são mantidas.',
    eraseNotice: 'Para excluí-las, consulte o aviso de privacidade.',
    eraseContact: 'Para excluí-las, entre em contato com {brand}.',
    privacyNotice: 'Aviso de privacidade',
    card: 'Como foi o nosso atendimento? Escaneie e conte para nós',
    sms: '{brand}: O que achou do nosso atendimento? Responda aqui: {link}',
  },
  ja: {
    subjectInvite: '{brand}のご利用はいかがでしたか？',
    subjectReminder: '【再度のお願い】{brand}のご利用はいかがでしたか？',
    introInvite: '{brand}をご利用いただき、ありがとうございました。ご感想をお聞かせいただけますか？下の回答をクリックするだけで完了します。',
    introReminder: '先日お送りしたアンケートへのご協力のお願いです。ワンクリックでご回答いただけます。',
    open: 'またはアンケートを開く',
    why: 'このメールは、{brand}での最近のご注文またはサービスのご利用に関してお送りしています。',
    unsubscribe: '配信停止',
    feedbackTitle: 'ご意見・ご感想',
    noscript: 'アンケートに回答するには JavaScript を有効にしてください。',
    earlyTitle: 'このアンケートはまだ開始されていません',
    earlyText: '{date}からご回答いただけます。その頃にまたお越しください。',
    closedTitle: 'このアンケートは終了しました',
    closedText: 'ご関心をお寄せいただき、ありがとうございます。このアンケートの回答受付は終了しています。',
    answeredText: '回答を受け付けました。',
    commented: 'コメントを追加しました。ありがとうございました！',
    unknownTitle: 'このリンクは無効です',
    unknownText: 'リンクが途中で切れている可能性があります。メールからもう一度開いてください。',
    unsubscribeTitle: '{brand}からのアンケートメールを停止しますか？',
    unsubscribeText: 'ご意見をお伺いするメールが届かなくなります。',
    unsubscribedTitle: '配信を停止しました',
    unsubscribedText: '{brand}からアンケートメールが届くことはもうありません。これまでのご回答は保存されたままです。',
    eraseNotice: '削除をご希望の場合は、プライバシーポリシーをご覧ください。',
    eraseContact: '削除をご希望の場合は、{brand}までお問い合わせください。',
    privacyNotice: 'プライバシーポリシー',
    card: 'いかがでしたか？スキャンしてお聞かせください',
    sms: '【{brand}】ご感想はこちら：{link}',
  },
  ko: {
    subjectInvite: '{brand} 이용은 어떠셨나요?',
    subjectReminder: '[다시 알림] {brand} 이용은 어떠셨나요?',
    introInvite: '{brand}을(를) 이용해 주셔서 감사합니다. 어떠셨는지 알려 주시겠어요? 아래에서 답변을 클릭하기만 하면 됩니다.',
    introReminder: '다시 한번 알려 드립니다. 이용 경험이 어떠셨는지 여전히 듣고 싶습니다. 클릭 한 번이면 됩니다.',
    open: '또는 설문 열기',
    why: '{brand}에서 최근 주문하시거나 서비스를 이용하셔서 이 이메일을 보내 드립니다.',
    unsubscribe: '수신 거부',
    feedbackTitle: '고객 의견',
    noscript: '설문에 답하려면 JavaScript를 켜 주세요.',
    earlyTitle: '아직 시작되지 않은 설문입니다',
    earlyText: '{date}부터 응답하실 수 있습니다. 그때 다시 방문해 주세요.',
    closedTitle: '종료된 설문입니다',
    closedText: '관심 가져 주셔서 감사합니다. 이 설문은 더 이상 응답을 받지 않습니다.',
    answeredText: '응답이 접수되었습니다.',
    commented: '의견이 추가되었습니다. 감사합니다!',
    unknownTitle: '이 링크는 사용할 수 없습니다',
    unknownText: '링크가 잘렸을 수 있습니다. 이메일에서 다시 열어 주세요.',
    unsubscribeTitle: '{brand}의 설문 이메일 수신을 중단할까요?',
    unsubscribeText: '의견을 묻는 이메일을 더 이상 받지 않게 됩니다.',
    unsubscribedTitle: '수신 거부되었습니다',
    unsubscribedText: '{brand}의 설문 이메일을 더 이상 받지 않습니다. 이미 남기신 응답은 그대로 보관됩니다.',
    eraseNotice: '응답 삭제를 원하시면 개인정보 처리방침을 확인해 주세요.',
    eraseContact: '응답 삭제를 원하시면 {brand}에 문의해 주세요.',
    privacyNotice: '개인정보 처리방침',
    card: '서비스는 어떠셨나요? 스캔해서 알려 주세요',
    sms: '[{brand}] 만족도 평가: {link}',
  },
  'zh-CN': {
    subjectInvite: '您对{brand}的体验如何？',
    subjectReminder: '提醒：您对{brand}的体验如何？',
    introInvite: '感谢您选择{brand}。能告诉我们您的体验如何吗？只需点击下方的一个答案即可。',
    introReminder: '温馨提醒：我们仍然很想了解您的体验，只需点击一下。',
    open: '或打开问卷',
    why: '您收到这封邮件，是因为您最近在{brand}下过订单或接受过服务。',
    unsubscribe: '退订',
    feedbackTitle: '您的反馈',
    noscript: '请启用 JavaScript 以填写问卷。',
    earlyTitle: '本问卷尚未开放',
    earlyText: '您可以从{date}起作答，届时欢迎再来。',
    closedTitle: '本问卷已结束',
    closedText: '仍然感谢您的关注：本问卷已不再收集回答。',
    answeredText: '我们已收到您的回答。',
    commented: '您的评论已添加，谢谢！',
    unknownTitle: '此链接无效',
    unknownText: '链接可能不完整，请从邮件中重新打开。',
    unsubscribeTitle: '不再接收来自{brand}的问卷邮件？',
    unsubscribeText: '您将不再收到征求意见的邮件。',
    unsubscribedTitle: '您已退订',
    unsubscribedText: '您将不会再收到来自{brand}的问卷邮件。您已提交的回答会被保留。',
    eraseNotice: '如需删除这些回答，请查看隐私声明。',
    eraseContact: '如需删除这些回答，请联系{brand}。',
    privacyNotice: '隐私声明',
    card: '我们做得怎么样？扫码告诉我们',
    sms: '【{brand}】请评价本次服务：{link}',
  },
  'zh-TW': {
    subjectInvite: '您對{brand}的體驗如何？',
    subjectReminder: '提醒：您對{brand}的體驗如何？',
    introInvite: '感謝您選擇{brand}。能告訴我們您的體驗如何嗎？只要點選下方的一個答案即可。',
    introReminder: '貼心提醒：我們仍然很想了解您的體驗，只需點一下。',
    open: '或開啟問卷',
    why: '您收到這封郵件，是因為您最近曾向{brand}訂購商品或使用服務。',
    unsubscribe: '取消訂閱',
    feedbackTitle: '您的回饋',
    noscript: '請啟用 JavaScript 以填寫問卷。',
    earlyTitle: '本問卷尚未開放',
    earlyText: '您可以從{date}起作答，屆時歡迎再來。',
    closedTitle: '本問卷已結束',
    closedText: '仍然感謝您的關注：本問卷已不再收集回答。',
    answeredText: '我們已收到您的回答。',
    commented: '已新增您的留言，謝謝！',
    unknownTitle: '此連結無效',
    unknownText: '連結可能不完整，請從郵件中重新開啟。',
    unsubscribeTitle: '不再接收來自{brand}的問卷郵件？',
    unsubscribeText: '您將不會再收到徵詢意見的郵件。',
    unsubscribedTitle: '您已取消訂閱',
    unsubscribedText: '您將不會再收到來自{brand}的問卷郵件。您已提交的回答會予以保留。',
    eraseNotice: '如需刪除這些回答，請參閱隱私權聲明。',
    eraseContact: '如需刪除這些回答，請與{brand}聯絡。',
    privacyNotice: '隱私權聲明',
    card: '我們做得如何？掃描告訴我們',
    sms: '【{brand}】請評價本次服務：{link}',
  },
  ar: {
    subjectInvite: 'كيف كانت تجربتك مع {brand}؟',
    subjectReminder: 'تذكير: كيف كانت تجربتك مع {brand}؟',
    introInvite: 'شكرًا لاختيارك {brand}. هل تخبرنا كيف كانت تجربتك؟ يكفي أن تنقر على إحدى الإجابات أدناه.',
    introReminder: 'تذكير: ما زلنا نودّ معرفة كيف كانت تجربتك. لن يستغرق ذلك سوى نقرة واحدة.',
    open: 'أو افتح الاستبيان',
    why: 'تصلك هذه الرسالة بسبب طلبك أو الخدمة التي حصلت عليها مؤخرًا من {brand}.',
    unsubscribe: 'إلغاء الاشتراك',
    feedbackTitle: 'رأيك',
    noscript: 'يُرجى تفعيل JavaScript للإجابة عن الاستبيان.',
    earlyTitle: 'هذا الاستبيان غير متاح بعد',
    earlyText: 'يمكنك الإجابة عنه ابتداءً من {date}. يُرجى العودة حينها.',
    closedTitle: 'تم إغلاق هذا الاستبيان',
    closedText: 'شكرًا لاهتمامك: لم يعد هذا الاستبيان يستقبل إجابات.',
    answeredText: 'لقد تلقّينا إجابتك.',
    commented: 'تمت إضافة تعليقك. شكرًا لك!',
    unknownTitle: 'هذا الرابط لا يعمل',
    unknownText: 'ربما يكون الرابط ناقصًا. يُرجى فتحه مرة أخرى من الرسالة.',
    unsubscribeTitle: 'هل تريد إيقاف رسائل الاستبيانات من {brand}؟',
    unsubscribeText: 'لن تصلك بعد الآن رسائل تطلب رأيك.',
    unsubscribedTitle: 'تم إلغاء اشتراكك',
    unsubscribedText: 'لن تصلك بعد الآن رسائل استبيانات من {brand}. ستبقى الإجابات التي قدّمتها محفوظة.',
    eraseNotice: 'لحذفها، راجع إشعار الخصوصية.',
    eraseContact: 'لحذفها، تواصل مع {brand}.',
    privacyNotice: 'إشعار الخصوصية',
    card: 'كيف كانت خدمتنا؟ امسح الرمز وأخبرنا',
    sms: '{brand}: قيّمنا {link}',
  },
};

const MERGED = Object.fromEntries(Object.entries(WIDGET).map(([l, w]) => [l, Object.freeze({ ...w, ...WORDS[l as Locale] })])) as Record<Locale, Readonly<MailStrings>>;

/**
 * The built-in locale for a delivery's BCP 47 tag, by the widget's own rule (`resolveLocale`), so the
 * e-mail and the survey it links to speak the same language.
 * @example mailLocale('zh-Hans-CN') // 'zh-CN'; mailLocale('pt') // 'pt-BR'; mailLocale('it') // 'en'
 */
export function mailLocale(tag: string): Locale {
  return resolveLocale(tag);
}

/**
 * Every word of the e-mail and the pages for a built-in locale: the widget's strings and `MailWords`.
 * @example fill(mailStrings('de').subjectInvite, { brand: 'Fahrradladen' })
 */
export function mailStrings(locale: Locale): Readonly<MailStrings> {
  return MERGED[locale];
}
