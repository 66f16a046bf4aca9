import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGS, type Lang } from '../i18n/lang.ts';
import { translator, type Translate } from '../i18n/catalogue.ts';

const STORAGE_KEY = 'grid-dispatch.lang';

interface LangContextValue {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
}

const LangContext = createContext<LangContextValue | null>(null);

function initialLang(): Lang {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return LANGS.find((lang) => lang === stored) ?? 'zh-CN';
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translator(lang)('appTitle');
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  }, [lang]);
  const value = useMemo(() => ({ lang, t: translator(lang), setLang }), [lang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useI18n(): LangContextValue {
  const value = useContext(LangContext);
  if (!value) throw new Error('useI18n must be used inside <LangProvider>');
  return value;
}
