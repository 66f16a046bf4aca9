import { describe, expect, it } from 'vitest';
import { REPORT_SOURCES } from '../../shared/domain/incident.ts';
import { FLAG_KEYS, LANGS, MESSAGES, SOURCE_KEYS } from './i18n.ts';

describe('i18n dictionary', () => {
  it('has every key, non-empty, in every language', () => {
    const keys = Object.keys(MESSAGES['zh-CN']).sort();
    for (const lang of LANGS) {
      const messages = MESSAGES[lang];
      expect(Object.keys(messages).sort()).toEqual(keys);
      for (const key of keys) expect(messages[key as keyof typeof messages].trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('labels every report source with a distinct zh-CN text', () => {
    const labels = REPORT_SOURCES.map((source) => MESSAGES['zh-CN'][SOURCE_KEYS[source]]);
    expect(new Set(labels).size).toBe(REPORT_SOURCES.length);
    expect(labels.every((label) => /\p{Script=Han}/u.test(label))).toBe(true);
  });

  it('labels every routing flag', () => {
    for (const key of Object.values(FLAG_KEYS)) expect(MESSAGES['zh-CN'][key]).toMatch(/\p{Script=Han}/u);
  });
});
