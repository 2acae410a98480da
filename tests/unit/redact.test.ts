import { describe, expect, test } from 'vitest';
import { redactText, REDACT_KINDS } from '../../src/for-collectors.ts';

const ALL = [...REDACT_KINDS];
const dots = (s: string) => '•'.repeat(s.length);

describe('redactText: each pattern, in English and Chinese text', () => {
  test.each<[string, string, string]>([
    ['email', 'Mail me at jane.doe+shop@example.co.uk please', 'jane.doe+shop@example.co.uk'],
    ['email', '请联系我：zhang.san@qq.com谢谢', 'zhang.san@qq.com'],
    ['phone', 'Call me on +49 30 1234567 after six', '+49 30 1234567'],
    ['phone', 'Or +1 (555) 123-4567.', '+1 (555) 123-4567'],
    ['phone', '我的电话是+86 138 1234 5678，谢谢', '+86 138 1234 5678'],
    ['phone', '我的手机是13812345678，随时打', '13812345678'],
    ['phone', 'my mobile: 139-1234-5678', '139-1234-5678'],
    ['phone', '手机 158 8888 6666 晚上打', '158 8888 6666'],
    ['id', '身份证号11010519491231002X谢谢', '11010519491231002X'],
    ['id', 'my ID is 11010519491231002x.', '11010519491231002x'],
    ['card', 'Charged twice on 4111 1111 1111 1111!', '4111 1111 1111 1111'],
    ['card', 'card 5500-0055-5555-5559 please refund', '5500-0055-5555-5559'],
    ['card', '银行卡号6222021234567890128扣了两次', '6222021234567890128'],
    ['card', 'Amex 378282246310005 was used', '378282246310005'],
  ])('%s: %s', (kind, text, secret) => {
    const out = redactText(text, [kind as (typeof ALL)[number]]);
    expect(out).toBe(text.replace(secret, dots(secret)));
    expect(redactText(text, ALL)).toBe(out);
  });

  test('runs of • keep the length, so the comment reads as before around them', () => {
    const out = redactText('a@b.cn 13812345678', ALL);
    expect(out).toBe('•••••• •••••••••••');
  });

  test('only the kinds asked for are masked', () => {
    const text = 'jane@example.com 13812345678 4111111111111111';
    expect(redactText(text, ['email'])).toBe(`${dots('jane@example.com')} 13812345678 4111111111111111`);
    expect(redactText(text, ['card'])).toBe(`jane@example.com 13812345678 ${dots('4111111111111111')}`);
    expect(redactText(text, [])).toBe(text);
  });
});

describe('redactText: no false positives', () => {
  test.each([
    'Order ORD-20261120-0042 arrived on 2026-11-20 at 10:00',
    'order #1042, delivered 20.11.2026, invoice 2026/11/20',
    '订单号 ORD-20261120-0042，2026年11月20日送达，工单 20261120001',
    'order 2026112012345 was late', // 13 digits, not Luhn-valid
    'tracking SF1234567890123', // letters beside the digits: part of a code
    'ticket 4111111111111112', // fails Luhn
    'ID-like 110105194912310022', // wrong check digit
    'number 110105194913310021', // month 13: not a birth date
    'order 13812345678901', // 14 digits starting like a mobile number
    'the fix took 3 hours and cost 120 EUR (+19 % VAT)',
    'rated it 5/5, would buy again @ this price',
  ])('%s', (text) => {
    expect(redactText(text, ALL)).toBe(text);
  });
});
