import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { LOCAL_IDEOGRAPH_FONT_FAMILY } from '../../map/style.ts';

// Only what the wall and the evaluation page draw: bars on a grid, on canvas.
echarts.use([BarChart, GridComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

export const CHART_FONT_FAMILY = LOCAL_IDEOGRAPH_FONT_FAMILY;

/**
 * An ECharts instance bound to a div: created once, given each new option (merged, so a live
 * update does not rebuild the chart), resized with its box and disposed with the component.
 */
export function useEChart(option: EChartsCoreOption | null) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    // lazyUpdate: several updates in one frame draw once.
    if (option) chart.current?.setOption(option, { lazyUpdate: true, replaceMerge: ['series'] });
  }, [option]);
  return ref;
}
