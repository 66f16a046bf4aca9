import ExcelJS from 'exceljs';
import { tableFromCsv, type ImportProblem, type Table } from '../../../shared/domain/table-import.ts';

export type TableKind = 'csv' | 'xlsx';

export const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv'];
export const XLSX_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

export type DecodedTable = { ok: true; table: Table } | { ok: false; problems: ImportProblem[] };

const unreadable = (message: string): DecodedTable => ({ ok: false, problems: [{ severity: 'error', message }] });

/** A spreadsheet cell as the text a CSV would hold: dates as YYYY-MM-DD, booleans as Y/N, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'Y' : 'N';
  // exceljs reads a date cell as the UTC instant of that calendar day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('text' in value && typeof value.text === 'string') return value.text.trim();
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

async function decodeXlsx(bytes: Uint8Array): Promise<DecodedTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    return unreadable(`不是有效的 XLSX 工作簿：${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return unreadable('工作簿中没有工作表 (no worksheet)');
  const rows: { row: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value));
    if (values.some((v) => v !== '')) rows.push({ row: number, values });
  });
  const [header, ...data] = rows;
  if (!header) return unreadable(`工作表 ${sheet.name} 为空：第一行应为表头`);
  // Trailing empty header cells are not columns.
  let width = header.values.length;
  while (width > 0 && header.values[width - 1] === '') width--;
  return {
    ok: true,
    table: {
      sheet: sheet.name,
      headerRow: header.row,
      header: header.values.slice(0, width),
      rows: data.map((r) => ({ row: r.row, cells: Array.from({ length: width }, (_, i) => r.values[i] ?? '') })),
    },
  };
}

/** Reads a CSV (UTF-8, BOM allowed) or the first sheet of an XLSX workbook into a table. */
export async function decodeTable(bytes: Uint8Array, kind: TableKind): Promise<DecodedTable> {
  if (kind === 'xlsx') return decodeXlsx(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return unreadable('CSV 不是 UTF-8 编码：请以 UTF-8 另存（Excel：“CSV UTF-8”）');
  }
  return tableFromCsv(text);
}

/** Content-Type → table kind, or null when it is neither. */
export function tableKindOf(contentType: string | undefined): TableKind | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (CSV_TYPES.includes(type)) return 'csv';
  if (XLSX_TYPES.includes(type)) return 'xlsx';
  return null;
}
