/**
 * Tabular uploads (CSV or the first sheet of an XLSX workbook) reduced to text cells with the row
 * numbers a spreadsheet shows, so every problem can be reported where an editor will find it:
 * `Sheet1!C7` for a workbook, `C7` (row 7 = line 7) for a CSV file.
 */
import { csvCellValue } from '../csv/csv-writer.ts';
import { splitCsv } from './matters.ts';

export interface TableRow {
  /** 1-based: the spreadsheet row, or the CSV line the record starts on. */
  row: number;
  /** Trimmed text, one per header column ('' when empty). */
  cells: string[];
}

export interface Table {
  /** The worksheet's name; null for CSV. */
  sheet: string | null;
  headerRow: number;
  /** Header names as written (trimmed). */
  header: string[];
  rows: TableRow[];
}

export interface ImportProblem {
  severity: 'error' | 'warning';
  /** zh-CN first, then English in brackets where it helps. */
  message: string;
  row?: number;
  /** The column's header name. */
  column?: string;
  /** A1-style reference: `Sheet1!C7`, or `C7` for CSV. */
  cell?: string;
  /** A path in a county configuration (`devolution.batches[0].townships[2]`), when the problem is there. */
  path?: string;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function cellRef(sheet: string | null, row: number, column: number): string {
  const ref = `${columnLetter(column)}${row}`;
  if (sheet === null) return ref;
  // Sheet names with spaces or punctuation are quoted the way spreadsheets write them.
  return /^[A-Za-z0-9_\u4e00-\u9fff]+$/.test(sheet) ? `${sheet}!${ref}` : `'${sheet.replace(/'/g, "''")}'!${ref}`;
}

/** CSV text → table: the first record is the header; blank records are dropped. */
export function tableFromCsv(text: string): { ok: true; table: Table } | { ok: false; problems: ImportProblem[] } {
  const split = splitCsv(text);
  if (!Array.isArray(split)) return { ok: false, problems: [{ severity: 'error', row: split.line, message: `CSV 无法解析：第 ${split.line} 行 (${split.message})` }] };
  const [header, ...rows] = split;
  if (!header) return { ok: false, problems: [{ severity: 'error', row: 1, message: '文件为空：第一行应为表头 (empty file: expected a header row)' }] };
  const width = header.fields.length;
  return {
    ok: true,
    table: {
      sheet: null,
      headerRow: header.line,
      header: header.fields.map((f) => f.trim()),
      rows: rows.map((r) => ({ row: r.line, cells: Array.from({ length: width }, (_, i) => (r.fields[i] ?? '').trim()) })),
    },
  };
}

/**
 * Finds the named columns in the header (case-insensitive, any order). Missing required columns
 * are problems at the header row; unknown columns are warnings (ignored).
 */
export function locateColumns<const C extends string>(
  table: Table,
  required: readonly C[],
  optional: readonly C[] = [],
): { columns: Partial<Record<C, number>>; problems: ImportProblem[] } {
  const columns: Partial<Record<C, number>> = {};
  const problems: ImportProblem[] = [];
  const known = new Set<string>([...required, ...optional]);
  table.header.forEach((name, i) => {
    const key = name.toLowerCase() as C;
    if (!known.has(key)) {
      if (name) problems.push({ severity: 'warning', row: table.headerRow, column: name, cell: cellRef(table.sheet, table.headerRow, i), message: `未知列 "${name}" 已忽略 (unknown column ignored)` });
      return;
    }
    if (columns[key] !== undefined) {
      problems.push({ severity: 'error', row: table.headerRow, column: name, cell: cellRef(table.sheet, table.headerRow, i), message: `列 ${key} 重复 (duplicate column)` });
      return;
    }
    columns[key] = i;
  });
  for (const name of required) {
    if (columns[name] === undefined) {
      problems.push({ severity: 'error', row: table.headerRow, column: name, message: `缺少列 ${name}（表头第 ${table.headerRow} 行）(missing column ${name})` });
    }
  }
  return { columns, problems };
}

/** Reads named cells of a row and reports problems against them. */
export function rowReader<C extends string>(table: Table, columns: Partial<Record<C, number>>, row: TableRow, problems: ImportProblem[]) {
  return {
    get: (name: C): string => {
      const i = columns[name];
      // A cell a download neutralised ('=…) reads back as it was written.
      return i === undefined ? '' : csvCellValue(row.cells[i] ?? '');
    },
    problem: (name: C | null, message: string, severity: 'error' | 'warning' = 'error') => {
      const i = name === null ? undefined : columns[name];
      problems.push({
        severity,
        row: row.row,
        ...(name === null ? {} : { column: name }),
        ...(i === undefined ? {} : { cell: cellRef(table.sheet, row.row, i) }),
        message: `${i === undefined ? `第 ${row.row} 行` : cellRef(table.sheet, row.row, i)}：${message}`,
      });
    },
  };
}

export function countProblems(problems: readonly ImportProblem[]): { error: number; warning: number } {
  return { error: problems.filter((p) => p.severity === 'error').length, warning: problems.filter((p) => p.severity === 'warning').length };
}
