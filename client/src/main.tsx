import { StrictMode, Suspense, lazy, useEffect, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { homeViewOf, type View } from '../../shared/domain/capabilities.ts';
import type { MeResponse } from '../../shared/protocol/auth.ts';
import { sessionMe } from './api/session.ts';
import { configureMapLibre } from './map/maplibre-setup.ts';
import { LangProvider } from './state/lang.tsx';
import { ConsolePage } from './views/console/ConsolePage.tsx';
import { AppShell } from './views/shell/AppShell.tsx';
import { VIEW_PATHS, viewAtPath } from './views/shell/view-paths.ts';
import { SignInGate } from './views/SignIn.tsx';
import { displayToken } from './views/wall/display-token.ts';

configureMapLibre();

// Path-based pages; every view but the console loads its code (and ECharts) only when visited.
const PAGES: Record<View, ComponentType> = {
  console: ConsolePage,
  wall: lazy(() => import('./views/wall/WallPage.tsx').then((m) => ({ default: m.WallPage }))),
  evaluation: lazy(() => import('./views/evaluation/EvaluationPage.tsx').then((m) => ({ default: m.EvaluationPage }))),
  public: lazy(() => import('./views/public/PublicPage.tsx').then((m) => ({ default: m.PublicPage }))),
  // Joint-action command (township/county commanders) and the officers' phone terminal.
  commander: lazy(() => import('./views/commander/CommanderPage.tsx').then((m) => ({ default: m.CommanderPage }))),
  field: lazy(() => import('./views/field/FieldPage.tsx').then((m) => ({ default: m.FieldPage }))),
  report: lazy(() => import('./views/report/ReportPage.tsx').then((m) => ({ default: m.ReportPage }))),
  // Grid, catalogue and devolution imports (county GIS / configuration staff).
  imports: lazy(() => import('./views/imports/ImportsPage.tsx').then((m) => ({ default: m.ImportsPage }))),
};

function Shelled({ view, me }: { view: View; me: MeResponse | null }) {
  const Page = PAGES[view];
  return (
    <AppShell view={view} me={me}>
      <Page />
    </AppShell>
  );
}

/** `/` (or a path naming no view): the view of the signed-in person's role, with the address to match. */
function Landing({ me }: { me: MeResponse }) {
  const view = homeViewOf(me.actor.role);
  useEffect(() => {
    window.history.replaceState(null, '', `${VIEW_PATHS[view]}${window.location.search}${window.location.hash}`);
  }, [view]);
  return <Shelled view={view} me={me} />;
}

function page(path: string) {
  const view = viewAtPath(path);
  // Public disclosure: open to everyone, signed in or not.
  if (view === 'public') return <Shelled view="public" me={sessionMe()} />;
  // A command-hall wall may run on a read-only display token, with nobody signed in.
  if (view === 'wall' && !sessionMe() && displayToken()) {
    const Wall = PAGES.wall;
    return <Wall />;
  }
  return <SignInGate>{(me) => (view ? <Shelled view={view} me={me} /> : <Landing me={me} />)}</SignInGate>;
}

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <LangProvider>
      <Suspense fallback={null}>{page(window.location.pathname)}</Suspense>
    </LangProvider>
  </StrictMode>,
);
