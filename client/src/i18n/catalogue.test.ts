import { describe, expect, it } from 'vitest';
import { REPORT_SOURCES } from '../../../shared/domain/incident.ts';
import { AREAS, MESSAGES, fillPlaceholders, isMessageKey, translator, type MessageKey } from './catalogue.ts';
import { FLAG_KEYS, LEVEL_KEYS, SOURCE_KEYS } from './domain-keys.ts';
import { LANGS } from './lang.ts';
import { ERROR_STATUS } from '../../../shared/protocol/errors.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  it('has every key, with text, in every language', () => {
    const keys = Object.keys(MESSAGES['zh-CN']).sort();
    expect(keys.length).toBeGreaterThan(300);
    for (const lang of LANGS) {
      const messages = MESSAGES[lang];
      expect(Object.keys(messages).sort(), lang).toEqual(keys);
      for (const key of keys) expect(messages[key as MessageKey].trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('gives each key to one area only (a second area would silently override the first)', () => {
    const owner = new Map<string, string>();
    for (const [name, area] of Object.entries(AREAS)) {
      for (const lang of LANGS) expect(Object.keys(area[lang]).sort(), `${name} ${lang}`).toEqual(Object.keys(area['zh-CN']).sort());
      for (const key of Object.keys(area['zh-CN'])) {
        expect(owner.get(key), `${key} is in ${owner.get(key)} and ${name}`).toBeUndefined();
        owner.set(key, name);
      }
    }
    expect(owner.size).toBe(Object.keys(MESSAGES['zh-CN']).length);
  });

  it('writes zh-CN texts in Chinese and English texts without Chinese', () => {
    const han = /\p{Script=Han}/u;
    for (const [key, text] of Object.entries(MESSAGES.en)) {
      // The language switch names the other language in its own words.
      if (key === 'language') continue;
      expect(han.test(text), `en.${key}: ${text}`).toBe(false);
    }
    expect(han.test(MESSAGES['zh-CN'].appTitle)).toBe(true);
  });

  it('has the same placeholders in every language', () => {
    for (const key of Object.keys(MESSAGES['zh-CN']) as MessageKey[]) {
      expect(placeholders(MESSAGES.en[key]), key).toEqual(placeholders(MESSAGES['zh-CN'][key]));
    }
  });

  it('fills {name} placeholders and leaves one without a value visible', () => {
    expect(fillPlaceholders('已应用为第 {n} 版', { n: 3 })).toBe('已应用为第 3 版');
    expect(fillPlaceholders('{a} {b}', { a: 1 })).toBe('1 {b}');
    expect(translator('en')('impApplied', { n: 7 })).toBe('Applied as version 7');
    expect(translator('zh-CN')('impApplied', { n: 7 })).toBe('已应用为第 7 版');
  });

  it('has words for every error code the server answers with', () => {
    for (const code of Object.keys(ERROR_STATUS)) expect(isMessageKey(`err${code}`), `err${code}`).toBe(true);
  });

  it('knows its keys', () => {
    expect(isMessageKey('appTitle')).toBe(true);
    expect(isMessageKey('toString')).toBe(false);
    expect(isMessageKey('NOT_A_KEY')).toBe(false);
  });

  it('labels every report source with a distinct zh-CN text', () => {
    const labels = REPORT_SOURCES.map((source) => MESSAGES['zh-CN'][SOURCE_KEYS[source]]);
    expect(new Set(labels).size).toBe(REPORT_SOURCES.length);
    expect(labels.every((label) => /\p{Script=Han}/u.test(label))).toBe(true);
  });

  it('labels every routing flag and grid level', () => {
    for (const key of [...Object.values(FLAG_KEYS), ...Object.values(LEVEL_KEYS)]) expect(MESSAGES['zh-CN'][key]).toMatch(/\p{Script=Han}/u);
  });
});
