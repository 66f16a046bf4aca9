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
