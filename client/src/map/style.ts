import type { StyleSpecification } from 'maplibre-gl';

/**
 * CJK-capable local fonts. The style has no `glyphs` URL, so MapLibre draws every label with
 * the browser's own fonts (TinySDF): no glyph server, nothing fetched from the internet.
 */
export const LABEL_FONT_STACK = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];

/**
 * MapLibre reads the weight out of the first family's name and asks the browser for that weight
 * across the whole stack; no font carries this exact name, so it falls through to the CJK fonts in bold.
 */
export const BOLD_LABEL_FONT_STACK = ['Noto Sans CJK SC Bold', ...LABEL_FONT_STACK];

/** MapLibre also draws ideographs of its default stack with this CSS family. */
export const LOCAL_IDEOGRAPH_FONT_FAMILY = LABEL_FONT_STACK.map((name) => (name.includes(' ') ? `"${name}"` : name)).join(', ');

export const BASE_BACKGROUND = '#eef1f4';

/** The base map is a plain background: the command hall runs offline, so there are no tiles. */
export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'grid-dispatch-offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BASE_BACKGROUND } }],
  };
}
