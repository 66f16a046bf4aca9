import { Map as MapLibreMap, NavigationControl, ScaleControl, type RequestParameters, type ResourceType } from 'maplibre-gl';
import { sessionToken } from '../api/session.ts';
import { LOCAL_IDEOGRAPH_FONT_FAMILY, baseStyle } from './style.ts';

export interface OfflineMapOptions {
  container: HTMLElement;
  /** false: a display that only shows (the wall); no controls, no gestures. Default true. */
  interactive?: boolean;
  /** Zoom buttons, top left (default: when interactive). */
  navigation?: boolean;
  /** Metric scale bar, bottom left (default: when interactive). */
  scale?: boolean;
  /** Default true; pages that use a double click themselves turn it off. */
  doubleClickZoom?: boolean;
  /** Compact attribution button (default true). */
  attribution?: boolean;
  /** Label fade in ms (MapLibre default 300); the wall uses 0 so screenshots settle at once. */
  fadeDuration?: number;
}

/**
 * Every map of the client: the offline base style (no tiles, no glyph server, CJK labels from the
 * browser's fonts), China until a county is fitted, no rotation or pitch (grids read north-up),
 * and `data-map-idle` on the container so the browser tests know when a frame has settled.
 * Requests to our own API (vector tiles) carry the session's bearer token.
 */
export function createOfflineMap(options: OfflineMapOptions): MapLibreMap {
  const { container } = options;
  const interactive = options.interactive ?? true;
  const map = new MapLibreMap({
    container,
    style: baseStyle(),
    center: [105, 35],
    zoom: 3,
    interactive,
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
    dragRotate: false,
    pitchWithRotate: false,
    maxPitch: 0,
    renderWorldCopies: false,
    doubleClickZoom: options.doubleClickZoom ?? true,
    attributionControl: options.attribution === false ? false : { compact: true },
    ...(options.fadeDuration !== undefined ? { fadeDuration: options.fadeDuration } : {}),
    transformRequest: withSessionToken,
  });
  if (interactive) map.touchZoomRotate.disableRotation();
  if (options.navigation ?? interactive) map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
  if (options.scale ?? interactive) map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  const markBusy = () => {
    container.dataset.mapIdle = 'false';
  };
  markBusy();
  map.on('movestart', markBusy);
  map.on('idle', () => {
    container.dataset.mapIdle = 'true';
  });
  return map;
}

/** Same-origin API requests (tiles) get the bearer token; nothing else is touched. */
export function withSessionToken(url: string, _kind?: ResourceType): RequestParameters {
  const token = sessionToken();
  if (!token || !isOwnApi(url)) return { url };
  return { url, headers: { authorization: `Bearer ${token}` } };
}

function isOwnApi(url: string): boolean {
  const origin = globalThis.location?.origin;
  return origin !== undefined && url.startsWith(`${origin}/api/`);
}
