import { describe, expect, it } from 'vitest';
import { redactPersonalData } from './personal-data.ts';

describe('redactPersonalData', () => {
  it('masks mobile numbers in their usual spellings, keeping prefix and last four', () => {
    expect(redactPersonalData('门口占道经营，联系我13812345678')).toBe('门口占道经营，联系我138****5678');
    expect(redactPersonalData('电话 +86 139-1234-0000。')).toBe('电话 139****0000。');
    expect(redactPersonalData('8615912345678')).toBe('159****5678');
    expect(redactPersonalData('tel:186 0000 1111')).toBe('tel:186****1111');
  });

  it('masks ID-card numbers (18 digits with X, and 15 digits) whole', () => {
    expect(redactPersonalData('身份证410923199001011234')).toBe('身份证[身份证号已隐去]');
    expect(redactPersonalData('id 41092319900101123X end')).toBe('id [身份证号已隐去] end');
    expect(redactPersonalData('旧证410923900101123')).toBe('旧证[身份证号已隐去]');
  });

  it('masks landlines with area code and extension, e-mail addresses and bank cards', () => {
    expect(redactPersonalData('座机0393-6221234转8')).toBe('座机[电话已隐去]');
    expect(redactPersonalData('010 88886666')).toBe('[电话已隐去]');
    expect(redactPersonalData('mail zhang.san99@example.com.cn please')).toBe('mail [邮箱已隐去] please');
    expect(redactPersonalData('卡号 6222 0212 3456 7890 123')).toBe('卡号 [卡号已隐去]');
  });

  it('leaves ordinary text, plates, dates, times and short numbers alone', () => {
    const text = '豫J·12345 渣土车 2025-03-03 14:30 在 3 号楼 12 单元门口抛洒，约 200 米';
    expect(redactPersonalData(text)).toBe(text);
    expect(redactPersonalData('')).toBe('');
  });

  it('judges a digit run whole: a longer run glued to letters is not cut into a phone number', () => {
    expect(redactPersonalData('订单号A13812345678B')).toBe('订单号A13812345678B');
    // 12 digits starting with 1: not a mobile (11) nor an ID (15/18).
    expect(redactPersonalData('编号138123456789')).toBe('编号138123456789');
  });

  it('is idempotent: masking masked text changes nothing', () => {
    const once = redactPersonalData('13812345678 / 410923199001011234 / a@b.cn / 0393-6221234');
    expect(redactPersonalData(once)).toBe(once);
  });
});

describe('redactPersonalData: the spellings people use to get around a filter (issue 13, finding 6)', () => {
  it.each([
    ['full-width mobile', '联系１３８１２３４５６７８谢谢', '联系138****5678谢谢'],
    ['mobile split digit by digit', '电话 1 3 8 1 2 3 4 5 6 7 8', '电话 138****5678'],
    ['mobile with dots', '138.1234.5678', '138****5678'],
    ['mobile with ideographic spaces', '电话１３８\u3000１２３４\u3000５６７８', '电话138****5678'],
    ['ID split by spaces', '身份证 410923 19900101 1234', '身份证 [身份证号已隐去]'],
    ['ID in full width', '４１０９２３１９９００１０１１２３Ｘ', '[身份证号已隐去]'],
    ['full-width at sign', 'zhangsan＠example.com', '[邮箱已隐去]'],
    ['full-width e-mail', 'ｚｈａｎｇ＠ｑｑ．ｃｏｍ', '[邮箱已隐去]'],
    ['spaces around the at sign', 'zhang @ qq.com', '[邮箱已隐去]'],
    ['bracketed area code', '(0393)1234567', '[电话已隐去]'],
    ['full-width bracketed area code', '电话（０３９３）６２２１２３４', '电话[电话已隐去]'],
    ['bracketed area code with a space', '(010) 8888 6666', '[电话已隐去]'],
  ])('%s', (_name, input, output) => {
    expect(redactPersonalData(input)).toBe(output);
    expect(redactPersonalData(redactPersonalData(input))).toBe(output);
  });

  it('keeps full-width punctuation of ordinary Chinese text', () => {
    const text = '占道经营（早市），约２００米！';
    expect(redactPersonalData(text)).toBe(text);
  });
});
