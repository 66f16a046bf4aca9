import { setWorkerUrl } from 'maplibre-gl';
// Vite copies the worker bundle into dist and hands back its URL: MapLibre 6 would otherwise
// look for it next to its own module, which a bundle does not keep.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

export function configureMapLibre(): void {
  setWorkerUrl(workerUrl);
}
