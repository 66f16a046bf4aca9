import { useEffect, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import type { DemoAccount, DemoAccountsResponse, MeResponse } from '../../../shared/protocol/auth.ts';
import { ApiError, getDemoAccounts, getMe, signIn } from '../api/rest.ts';
import { onSessionEnded, sessionMe, startSession } from '../api/session.ts';
import { ROLE_KEYS } from '../i18n/domain-keys.ts';
import { useI18n } from '../state/lang.tsx';
import { errorText } from './messages/error-text.ts';

const page: CSSProperties = { minHeight: '100%', display: 'grid', gridTemplateColumns: 'minmax(280px, 360px) minmax(0, 760px)', gap: 32, justifyContent: 'center', alignItems: 'start', padding: 40, overflow: 'auto' };
const card: CSSProperties = { background: '#fff', borderRadius: 8, padding: 24, boxShadow: '0 1px 4px rgba(0,0,0,0.12)' };
const field: CSSProperties = { display: 'grid', gap: 4, marginBottom: 12 };

/** Shows the sign-in page until there is a session, then the children (given who signed in). */
export function SignInGate({ children }: { children: ReactNode | ((me: MeResponse) => ReactNode) }) {
  const [me, setMe] = useState<MeResponse | null>(sessionMe);
  useEffect(() => onSessionEnded(() => setMe(null)), []);
  if (!me) return <SignIn onSignedIn={setMe} />;
  return <>{typeof children === 'function' ? children(me) : children}</>;
}

export function SignIn({ onSignedIn }: { onSignedIn(me: MeResponse): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [demo, setDemo] = useState<DemoAccountsResponse | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getDemoAccounts(controller.signal)
      .then(setDemo)
      .catch(() => setDemo(null));
    return () => controller.abort();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { token } = await signIn(username, password);
      const me = await getMe(token);
      startSession(token, me);
      onSignedIn(me);
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : new ApiError(0, 'NETWORK', String(cause)));
      setBusy(false);
    }
  };

  const pick = (account: DemoAccount) => {
    setUsername(account.username);
    if (demo) setPassword(demo.password);
  };

  return (
    <main style={page}>
      <section style={card}>
        <h1 style={{ fontSize: 20, marginTop: 0 }}>{t('appTitle')}</h1>
        <h2 style={{ fontSize: 16 }}>{t('signInTitle')}</h2>
        <form data-testid="signin-form" onSubmit={submit}>
          <label style={field}>
            <span>{t('signInUsername')}</span>
            <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </label>
          <label style={field}>
            <span>{t('signInPassword')}</span>
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          {error && (
            <p role="alert" data-testid="signin-error" style={{ color: '#b42318' }}>
              {t('signInFailed')}
              {t('colon')}
              {/* A refused sign-in is a wrong username or password; anything else says what it is. */}
              {error.code === 'UNAUTHENTICATED' ? t('errSignInWrong') : errorText(t, error.code, error.params)}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('signInSubmitting') : t('signInSubmit')}
          </button>
        </form>
      </section>
      {demo && <DemoAccounts demo={demo} onPick={pick} />}
    </main>
  );
}

function DemoAccounts({ demo, onPick }: { demo: DemoAccountsResponse; onPick(account: DemoAccount): void }) {
  const { t } = useI18n();
  const groups = new Map<string, DemoAccount[]>();
  for (const account of demo.accounts) {
    const key = account.countyName ?? t('signInAllCounties');
    groups.set(key, [...(groups.get(key) ?? []), account]);
  }
  return (
    <section style={card} data-testid="demo-accounts">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>{t('signInDemoTitle')}</h2>
      <p>
        {t('signInDemoHint')} <code data-testid="demo-password">{demo.password}</code>
      </p>
      {[...groups].map(([county, accounts]) => (
        <details key={county} open={accounts.some((a) => a.username.startsWith('nanle.'))}>
          <summary>{county}</summary>
          <table style={{ width: '100%', fontSize: 13, borderCollapse: 'collapse' }}>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.username}>
                  <td>{t(ROLE_KEYS[account.role])}</td>
                  <td>{account.displayName}</td>
                  <td>
                    <code>{account.username}</code>
                  </td>
                  <td>
                    <button type="button" data-testid="demo-account" data-username={account.username} onClick={() => onPick(account)}>
                      {t('signInUse')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
