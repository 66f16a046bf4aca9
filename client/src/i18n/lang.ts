/** UI languages: zh-CN is the operators' language; English is complete, a switch away. */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
