import type { ReactNode } from 'react';
import type { LegendItem } from './legend.ts';
import './legend.css';

export interface LegendProps {
  items: readonly LegendItem[];
  /** 'dark' on the wall, 'light' on the console and phones. */
  tone?: 'dark' | 'light';
  /** Laid over a map (absolute, bottom left) or in the flow above a chart. */
  placement?: 'map' | 'inline';
  label?: string;
  testId?: string;
  /** Controls that belong with the legend (e.g. the wall's heat toggle). */
  children?: ReactNode;
}

/** The one legend component: one swatch per colour, from the palette in legend.ts. */
export function Legend({ items, tone = 'light', placement = 'inline', label, testId, children }: LegendProps) {
  return (
    <ul className={`map-legend-list is-${tone} is-${placement}`} aria-label={label} data-testid={testId}>
      {items.map((item) => (
        <li key={item.key} data-legend-key={item.key} data-color={item.color}>
          <i className={`swatch is-${item.swatch ?? 'square'}`} style={item.swatch === 'heat' ? undefined : item.swatch === 'dashed' ? { borderColor: item.color } : { background: item.color }} />
          {item.label}
        </li>
      ))}
      {children ? <li className="legend-controls">{children}</li> : null}
    </ul>
  );
}
