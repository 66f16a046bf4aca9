import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

/** Lower-case pinyin initials of a Chinese name (占道经营 → zdjy), one per character; cached, the catalogue is small. */
export function pinyinInitials(name: string): string {
  let initials = cache.get(name);
  if (initials === undefined) {
    initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
    cache.set(name, initials);
  }
  return initials;
}
