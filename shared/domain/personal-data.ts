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
/** What people put between digits when they type or dictate a number: spaces (also U+3000), hyphens, dots. */
const SEP = '[\\s.\\-]{0,2}';
/** n digits, each pair possibly separated: "138 1234 5678", "1 3 8 1 2 …". */
const digits = (min: number, max = min) => `\\d(?:${SEP}\\d){${min - 1},${max - 1}}`;

const RULES: readonly Rule[] = [
  // E-mail first: its local part may hold digits that the phone rules would otherwise split.
  { pattern: /[A-Za-z0-9._%+-]+[ \t]*@[ \t]*[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, mask: () => '[邮箱已隐去]' },
  // Resident ID card (18 digits, last may be X) and the older 15-digit form, written whole.
  { pattern: new RegExp(`${EDGE_L}(?:\\d{17}[\\dXx]|\\d{15})${EDGE_R}`, 'g'), mask: () => '[身份证号已隐去]' },
  // Bank cards: 16–19 digits, optionally grouped by 4 with spaces or hyphens.
  { pattern: new RegExp(`${EDGE_L}(?:\\d{4}[ -]?){3}\\d{4}(?:[ -]?\\d{1,3})?${EDGE_R}`, 'g'), mask: () => '[卡号已隐去]' },
  // An ID number split by spaces or hyphens (after the cards, whose groups of four it would otherwise cut into).
  { pattern: new RegExp(`${EDGE_L}(?:${digits(17)}${SEP}[\\dXx]|${digits(15)})${EDGE_R}`, 'g'), mask: () => '[身份证号已隐去]' },
  // Mainland mobile numbers, with optional +86 / 86 and any grouping: keep the operator prefix and last 4, as SMS receipts do.
  {
    pattern: new RegExp(`${EDGE_L}(?:\\+?86${SEP})?1${SEP}[3-9]${SEP}${digits(9)}${EDGE_R}`, 'g'),
    mask: (m) => {
      const d = m.replace(/\D/g, '').slice(-11);
      return `${d.slice(0, 3)}****${d.slice(7)}`;
    },
  },
  // Landlines: area code 0xx/0xxx (also in brackets), then 7–8 digits, optionally with an extension.
  {
    pattern: new RegExp(`(?:\\(${SEP}0${SEP}${digits(2, 3)}${SEP}\\)|${EDGE_L}0${SEP}${digits(2, 3)})${SEP}${digits(7, 8)}(?:[ -]?(?:转|ext\\.?)\\s?\\d{1,5})?${EDGE_R}`, 'g'),
    mask: () => '[电话已隐去]',
  },
];

/**
 * The same text with full-width forms (０-９, Ａ-Ｚ, ａ-ｚ, ＠, ＋, －, （, ）, ．, the ideographic space)
 * in their ASCII spelling: one UTF-16 unit for one, so a match's offsets hold in the original text.
 */
function asciiForms(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000\uFE6B]/g, (c) => {
    if (c === '\u3000') return ' ';
    if (c === '\uFE6B') return '@';
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

/** The text with personal contact and identity numbers masked; other text is unchanged. */
export function redactPersonalData(text: string): string {
  let out = text;
  for (const rule of RULES) {
    // Matched on the ASCII spelling, replaced in the original: full-width digits are numbers too.
    const ascii = asciiForms(out);
    let next = '';
    let last = 0;
    for (const match of ascii.matchAll(rule.pattern)) {
      next += out.slice(last, match.index) + rule.mask(match[0]);
      last = match.index + match[0].length;
    }
    out = next + out.slice(last);
  }
  return out;
}
