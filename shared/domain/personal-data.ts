/**
 * Masks personal information (个人信息, PIPL art. 4/28) that residents often type into a report's
 * free text — "请联系我 13812345678", an ID-card number, an e-mail address — before the text is
 * shown to readers who are not case handlers (the public Open311 feed). Handlers keep the full text.
 *
 * Deliberately conservative: a digit run that looks like a phone or ID number is masked even when it
 * is a house number or an order number, because leaking a phone number is worse than hiding a number.
 * Vehicle plates stay: they are the evidence of 违停/渣土 reports and are already public on the street.
 */

interface Rule {
  pattern: RegExp;
  mask: (match: string) => string;
}

/** Digits not glued to other digits or letters, so "ABC13812345678" or a 20-digit run is judged whole. */
const EDGE_L = '(?<![0-9A-Za-z])';
const EDGE_R = '(?![0-9A-Za-z])';

const RULES: readonly Rule[] = [
  // E-mail first: its local part may hold digits that the phone rules would otherwise split.
  { pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, mask: () => '[邮箱已隐去]' },
  // Resident ID card (18 digits, last may be X) and the older 15-digit form.
  { pattern: new RegExp(`${EDGE_L}(?:\\d{17}[\\dXx]|\\d{15})${EDGE_R}`, 'g'), mask: () => '[身份证号已隐去]' },
  // Bank cards: 16–19 digits, optionally grouped by 4 with spaces or hyphens.
  { pattern: new RegExp(`${EDGE_L}(?:\\d{4}[ -]?){3}\\d{4}(?:[ -]?\\d{1,3})?${EDGE_R}`, 'g'), mask: () => '[卡号已隐去]' },
  // Mainland mobile numbers, with optional +86 / 86 and 3-4-4 grouping: keep the operator prefix and last 4, as SMS receipts do.
  {
    pattern: new RegExp(`${EDGE_L}(?:\\+?86[ -]?)?(1[3-9]\\d)[ -]?(\\d{4})[ -]?(\\d{4})${EDGE_R}`, 'g'),
    mask: (m) => {
      const digits = m.replace(/\D/g, '').slice(-11);
      return `${digits.slice(0, 3)}****${digits.slice(7)}`;
    },
  },
  // Landlines: area code 0xx/0xxx, then 7–8 digits, optionally with an extension.
  { pattern: new RegExp(`${EDGE_L}0\\d{2,3}[ -]?\\d{7,8}(?:[ -]?(?:转|ext\\.?)\\s?\\d{1,5})?${EDGE_R}`, 'g'), mask: () => '[电话已隐去]' },
];

/** The text with personal contact and identity numbers masked; other text is unchanged. */
export function redactPersonalData(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.mask);
  return out;
}
