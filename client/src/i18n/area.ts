import type { Lang } from './lang.ts';

/** One area's words in every language: the English table must have exactly the zh-CN table's keys. */
export type AreaMessages<K extends string> = Readonly<Record<Lang, Readonly<Record<K, string>>>>;

/**
 * Declares one area of the catalogue (one file per view or domain). The zh-CN table is written first
 * and decides the keys; a key missing from the English table, or one it has extra, is a type error.
 */
export function area<K extends string>(zhCN: Record<K, string>, en: Record<NoInfer<K>, string>): AreaMessages<K> {
  return { 'zh-CN': zhCN, en };
}
