/**
 * Finding a matter in the catalogue as people type: by its code (CSHJ-001), by words of its name
 * (占道经营) or by the pinyin initials of its name (zdjy). Initials are computed once by the server
 * (pinyin-pro) and sent with each entry; matching and ranking are here so every form behaves alike.
 */
export interface SearchableMatter {
  code: string;
  name: string;
  domain: string;
  /** Lower-case pinyin initials of the name, one letter per character (other characters kept as they are). */
  initials: string;
}

/** Lower rank = better: code prefix, name start, name contains, initials prefix, initials contain, domain. */
function rank(entry: SearchableMatter, q: string): number | null {
  const code = entry.code.toLowerCase();
  if (code.startsWith(q)) return 0;
  if (entry.name.startsWith(q)) return 1;
  if (entry.name.includes(q)) return 2;
  if (/^[a-z]+$/.test(q)) {
    if (entry.initials.startsWith(q)) return 3;
    if (entry.initials.includes(q)) return 4;
  }
  if (code.includes(q)) return 5;
  if (entry.domain.includes(q)) return 6;
  return null;
}

/** The best `limit` matches for what was typed, best first (stable within a rank). */
export function searchMatters<T extends SearchableMatter>(entries: readonly T[], typed: string, limit = 8): T[] {
  const q = typed.trim().toLowerCase();
  if (!q) return [];
  const hits: { entry: T; rank: number; index: number }[] = [];
  entries.forEach((entry, index) => {
    const r = rank(entry, q);
    if (r !== null) hits.push({ entry, rank: r, index });
  });
  hits.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return hits.slice(0, limit).map((h) => h.entry);
}
