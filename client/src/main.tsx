import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { configureMapLibre } from './map/maplibre-setup.ts';
import { LangProvider } from './state/lang.tsx';
import { Console } from './views/Console.tsx';

configureMapLibre();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <LangProvider>
      <Console />
    </LangProvider>
  </StrictMode>,
);
