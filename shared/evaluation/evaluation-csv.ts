/**
 * CSV export of an evaluation (RFC 4180, CRLF, UTF-8 with BOM so spreadsheet programs in zh-CN
 * locales open it as UTF-8). Rates are percentages with one decimal; times in minutes.
 */
import { csvText } from '../csv/csv-writer.ts';
import type { EvaluationReport } from './evaluate.ts';
import type { EvaluationRow } from './evaluation-row.ts';

const COLUMNS: readonly { header: string; value: (row: EvaluationRow) => string }[] = [
  { header: '编码', value: (r) => r.key },
  { header: '名称', value: (r) => r.label },
  { header: '受理数', value: (r) => String(r.received) },
  { header: '立案数', value: (r) => String(r.accepted) },
  { header: '派遣数', value: (r) => String(r.dispatched) },
  { header: '结案数', value: (r) => String(r.closed) },
  { header: '结案率(%)', value: (r) => percent(r.closureRate) },
  { header: '按期结案率(%)', value: (r) => percent(r.onTimeClosureRate) },
  { header: '返工率(%)', value: (r) => percent(r.reworkRate) },
  { header: '超期率(%)', value: (r) => percent(r.overdueRate) },
  { header: '延期率(%)', value: (r) => percent(r.extensionRate) },
  { header: '签收及时率(%)', value: (r) => percent(r.ackOnTimeRate) },
  { header: '签收用时中位数(分钟)', value: (r) => minutes(r.ackMedianMs) },
  { header: '签收用时P90(分钟)', value: (r) => minutes(r.ackP90Ms) },
  { header: '综合得分', value: (r) => (r.score === null ? '' : r.score.toFixed(1)) },
  { header: '等级', value: (r) => r.grade ?? '' },
];

function percent(value: number | null): string {
  return value === null ? '' : (value * 100).toFixed(1);
}

function minutes(ms: number | null): string {
  return ms === null ? '' : (ms / 60_000).toFixed(1);
}

export function evaluationCsv(report: EvaluationReport): string {
  return csvText([COLUMNS.map((c) => c.header), ...[...report.rows, report.total].map((row) => COLUMNS.map((c) => c.value(row)))], { bom: true, eol: '\r\n' });
}
