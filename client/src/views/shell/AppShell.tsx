import { useEffect, useState, type ReactNode } from 'react';
import { mayOpenView, viewsOf, VIEW_CAPABILITIES, VIEWS, type View } from '../../../../shared/domain/capabilities.ts';
import type { MeResponse } from '../../../../shared/protocol/auth.ts';
import { endSession } from '../../api/session.ts';
import { ROLE_KEYS, VIEW_KEYS } from '../../i18n/domain-keys.ts';
import { useI18n } from '../../state/lang.tsx';
import { VIEW_PATHS } from './view-paths.ts';
import './shell.css';

export interface AppShellProps {
  /** The view being shown (highlighted in the navigation, checked against the role). */
  view: View;
  /** Who is signed in; null on the views open to everyone (public disclosure) when nobody is. */
  me: MeResponse | null;
  children: ReactNode;
}

/**
 * The one frame around every view: the views this person's role may open (from the capability
 * table), who they are (name, role, where), the language switch and sign-out. A view the role may
 * not open is not shown: the shell says so and offers the views it may open.
 */
export function AppShell({ view, me, children }: AppShellProps) {
  const allowed = me ? mayOpenView(me.actor.role, view) : openToEveryone(view);
  return (
    <div className="app-shell" data-testid="app-shell" data-view={view}>
      <ShellBar view={view} me={me} />
      <main className="app-shell-main">{allowed ? children : <NotAllowed view={view} me={me} />}</main>
    </div>
  );
}

function openToEveryone(view: View): boolean {
  return VIEW_CAPABILITIES[view].length === 0;
}

/** The views a person may open: by role when signed in, else only those open to everyone. */
function openViews(me: MeResponse | null): View[] {
  return me ? viewsOf(me.actor.role) : VIEWS.filter(openToEveryone);
}

function keepQuery(path: string): string {
  // The county chosen on one view carries over to the next.
  const county = new URLSearchParams(window.location.search).get('county');
  return county ? `${path}?county=${encodeURIComponent(county)}` : path;
}

function ShellBar({ view, me }: { view: View; me: MeResponse | null }) {
  const { t, lang, setLang } = useI18n();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [view]);
  const views = openViews(me);
  return (
    <header className={`shell-bar${menuOpen ? ' is-open' : ''}`}>
      <button type="button" className="shell-menu-toggle" aria-expanded={menuOpen} aria-controls="shell-nav" onClick={() => setMenuOpen((open) => !open)}>
        {t('shellMenu')}
      </button>
      <nav id="shell-nav" className="shell-nav" aria-label={t('shellViews')} data-testid="shell-nav">
        {views.map((v) => (
          <a key={v} href={keepQuery(VIEW_PATHS[v])} data-view={v} aria-current={v === view ? 'page' : undefined} className={v === view ? 'is-current' : undefined}>
            {t(VIEW_KEYS[v])}
          </a>
        ))}
      </nav>
      <div className="shell-person">
        {me ? <Person me={me} /> : <a href={keepQuery('/')} data-testid="shell-sign-in">{t('shellSignIn')}</a>}
      </div>
      <button type="button" className="lang-switch" onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}>
        {t('language')}
      </button>
    </header>
  );
}

/** Signs out and goes to `/`, so whoever signs in next lands on the view of their own role. */
function signOut(): void {
  endSession();
  window.location.assign(keepQuery('/'));
}

function Person({ me }: { me: MeResponse }) {
  const { t } = useI18n();
  const { countyName, townshipName, unitName } = me.places;
  const where = [countyName ?? t('signInAllCounties')];
  // A unit's name usually starts with its township's ("城关镇" + "城关镇综合行政执法队"): say it once.
  if (townshipName && !unitName?.startsWith(townshipName)) where.push(townshipName);
  if (unitName) where.push(unitName);
  return (
    <span className="shell-who" data-testid="session-badge" title={t('shellSignedInAs')}>
      <strong data-username={me.actor.username}>{me.actor.displayName}</strong>
      <span className="shell-role" data-testid="shell-role">{t(ROLE_KEYS[me.actor.role])}</span>
      <span className="shell-where" data-testid="shell-where">{where.join(' · ')}</span>
      <button type="button" className="shell-sign-out" data-testid="sign-out" onClick={signOut}>
        {t('signOut')}
      </button>
    </span>
  );
}

function NotAllowed({ view, me }: { view: View; me: MeResponse | null }) {
  const { t } = useI18n();
  const views = openViews(me);
  return (
    <section className="shell-not-allowed" data-testid="not-allowed" role="alert">
      <h1>{t('shellNotAllowedTitle')}</h1>
      <p>{t('shellNotAllowed', { role: me ? t(ROLE_KEYS[me.actor.role]) : t('shellSignIn'), view: t(VIEW_KEYS[view]) })}</p>
      <ul>
        {views.map((v) => (
          <li key={v}>
            <a href={keepQuery(VIEW_PATHS[v])} data-view={v}>
              {t(VIEW_KEYS[v])}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
