import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import type { DomainLoad, TownshipLoad } from '../../../../shared/evaluation/wall-snapshot.ts';
import { OPEN_SHADE_OPACITY, SERIES_COLORS, TOWNSHIP_STATUS_COLORS, withOpacity } from '../../map/legend.ts';
import { useI18n } from '../../state/lang.tsx';
import { CHART_FONT_FAMILY, useEChart } from './echarts-setup.ts';
import { wallScale } from './wall-format.ts';

const TEXT = '#dbe7f5';
const AXIS = 'rgba(219,231,245,0.25)';

interface Bar {
  label: string;
  today: number;
  open: number;
  /** The bar's colour (the legend's); "open" draws the same colour lighter. */
  color: string;
}

/**
 * Horizontal bars (long Chinese names read better on the y axis), today and open side by side. Each
 * bar takes its colour from the shared palette and the legend beside the chart says what it means,
 * so ECharts' own legend (which shows one colour per series) is off.
 */
export function barsOption(bars: readonly Bar[], names: { today: string; open: string }): EChartsCoreOption {
  const s = wallScale();
  const font = { fontFamily: CHART_FONT_FAMILY, color: TEXT };
  const rows = [...bars].reverse();
  return {
    animation: false,
    textStyle: font,
    grid: { left: 8 * s, right: 40 * s, top: 6 * s, bottom: 4 * s, containLabel: true },
    legend: { show: false },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { ...font, fontSize: 13 * s }, splitLine: { lineStyle: { color: AXIS } } },
    yAxis: { type: 'category', data: rows.map((b) => b.label), axisLabel: { ...font, fontSize: 16 * s, width: 150 * s, overflow: 'truncate' }, axisLine: { lineStyle: { color: AXIS } }, axisTick: { show: false } },
    series: [
      {
        name: names.today,
        type: 'bar',
        data: rows.map((b) => ({ value: b.today, itemStyle: { color: b.color } })),
        barMaxWidth: 16 * s,
        label: { show: true, position: 'right', ...font, fontSize: 13 * s },
      },
      { name: names.open, type: 'bar', data: rows.map((b) => ({ value: b.open, itemStyle: { color: withOpacity(b.color, OPEN_SHADE_OPACITY) } })), barMaxWidth: 16 * s },
    ],
  };
}

export function TownshipChart({ loads }: { loads: readonly TownshipLoad[] }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const bars = [...loads]
      .sort((a, b) => b.today - a.today || b.open - a.open || a.code.localeCompare(b.code))
      .map((l) => ({ label: l.name, today: l.today, open: l.open, color: TOWNSHIP_STATUS_COLORS[l.status] }));
    return barsOption(bars, { today: t('wallToday'), open: t('wallOpen') });
  }, [loads, t]);
  const ref = useEChart(option);
  return <div ref={ref} className="wall-chart" data-testid="wall-township-chart" />;
}

const MAX_DOMAINS = 8;

export function DomainChart({ domains }: { domains: readonly DomainLoad[] }) {
  const { t } = useI18n();
  const option = useMemo(
    () =>
      barsOption(
        domains.slice(0, MAX_DOMAINS).map((d) => ({ label: d.key === 'unclassified' ? t('flagNeedsClassification') : d.label, today: d.today, open: d.open, color: SERIES_COLORS.today })),
        { today: t('wallToday'), open: t('wallOpen') },
      ),
    [domains, t],
  );
  const ref = useEChart(option);
  return <div ref={ref} className="wall-chart" data-testid="wall-domain-chart" />;
}
