import { StrictMode, Suspense, lazy, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { configureMapLibre } from './map/maplibre-setup.ts';
import { LangProvider } from './state/lang.tsx';
import { ConsolePage } from './views/console/ConsolePage.tsx';
import { SignInGate } from './views/SignIn.tsx';

configureMapLibre();

// Path-based pages; the wall, evaluation and public pages load their code (and ECharts) only when visited.
const WallPage = lazy(() => import('./views/wall/WallPage.tsx').then((m) => ({ default: m.WallPage })));
const EvaluationPage = lazy(() => import('./views/evaluation/EvaluationPage.tsx').then((m) => ({ default: m.EvaluationPage })));
const PublicPage = lazy(() => import('./views/public/PublicPage.tsx').then((m) => ({ default: m.PublicPage })));
const CommanderPage = lazy(() => import('./views/commander/CommanderPage.tsx').then((m) => ({ default: m.CommanderPage })));
const FieldPage = lazy(() => import('./views/field/FieldPage.tsx').then((m) => ({ default: m.FieldPage })));
const ReportPage = lazy(() => import('./views/report/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));
const ImportsPage = lazy(() => import('./views/imports/ImportsPage.tsx').then((m) => ({ default: m.ImportsPage })));

function page(path: string): ReactNode {
  if (path === '/wall' || path.startsWith('/wall/')) return <WallPage />;
  if (path === '/public' || path.startsWith('/public/')) return <PublicPage />;
  // Joint-action command (township/county commanders) and the officers' phone terminal.
  if (path === '/commander' || path.startsWith('/commander/')) return (<SignInGate><CommanderPage /></SignInGate>);
  if (path === '/field' || path.startsWith('/field/')) return (<SignInGate><FieldPage /></SignInGate>);
  if (path === '/report' || path.startsWith('/report/')) return (<SignInGate><ReportPage /></SignInGate>);
  // Grid, catalogue and devolution imports (county GIS / configuration staff).
  if (path === '/imports' || path.startsWith('/imports/')) return (<SignInGate><ImportsPage /></SignInGate>);
  if (path === '/evaluation' || path.startsWith('/evaluation/')) {
    return (
      <SignInGate>
        <EvaluationPage />
      </SignInGate>
    );
  }
  // `/` and `/console`: the dispatch center's console.
  return (
    <SignInGate>
      <ConsolePage />
    </SignInGate>
  );
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
