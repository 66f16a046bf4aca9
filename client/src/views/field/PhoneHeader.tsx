import type { ReactNode } from 'react';
import { endSession, sessionMe } from '../../api/session.ts';
import { useI18n } from '../../state/lang.tsx';

/** The phone pages' header: title, a status slot, language, and who is signed in with a sign-out (the desktop badge is hidden on phones). */
export function PhoneHeader({ title, children }: { title: string; children?: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const me = sessionMe();
  return (
    <header className="field-header">
      <h1>{title}</h1>
      {children}
      <button type="button" className="lang-switch" onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}>
        {t('language')}
      </button>
      <button type="button" className="lang-switch" data-testid="phone-sign-out" title={me?.actor.displayName} onClick={endSession}>
        {t('signOut')}
      </button>
    </header>
  );
}
