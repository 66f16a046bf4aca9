import { useMemo } from 'react';
import type { EvaluationRow } from '../../../../shared/evaluation/evaluation-row.ts';
import type { Grade } from '../../../../shared/evaluation/grades.ts';
import { CHART_FONT_FAMILY, useEChart } from '../wall/echarts-setup.ts';

export const GRADE_COLORS: Record<Grade, string> = { A: '#2b8a3e', B: '#1c7ed6', C: '#f59f00', D: '#e8590c', E: '#c92a2a' };

/** Composite score per group, coloured by grade; the grade boundaries drawn as lines. */
export function ScoreChart({ rows, title }: { rows: readonly EvaluationRow[]; title: string }) {
  const option = useMemo(() => {
    const scored = rows.filter((r) => r.score !== null);
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT_FAMILY },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: scored.map((r) => r.label.replace(/综合行政执法(大队|队)$/, '')),
        axisLabel: { interval: 0, rotate: scored.length > 8 ? 35 : 0, fontSize: 12, width: 120, overflow: 'truncate' },
      },
      yAxis: { type: 'value', min: 0, max: 100, name: title, nameTextStyle: { align: 'left' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 36,
          data: scored.map((r) => ({ value: r.score, itemStyle: { color: r.grade ? GRADE_COLORS[r.grade] : '#868e96' } })),
          label: { show: true, position: 'top', formatter: (p: { value: number; dataIndex: number }) => `${p.value} ${scored[p.dataIndex]?.grade ?? ''}` },
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#adb5bd' }, label: { formatter: '{c}' }, data: [{ yAxis: 90 }, { yAxis: 80 }, { yAxis: 70 }, { yAxis: 60 }] },
        },
      ],
    };
  }, [rows, title]);
  const ref = useEChart(option);
  return <div ref={ref} className="eval-chart" data-testid="eval-score-chart" />;
}
