/**
 * The one CSV writer for files people open in a spreadsheet (RFC 4180 quoting, OWASP "CSV
 * injection" neutralising). A text cell that a spreadsheet would read as a formula — starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return, also in their full-width forms — is written with a
 * leading apostrophe, so Excel/WPS/LibreOffice show it as text instead of running it. Numbers are
 * written as they are. Pure: no I/O.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 quoting only, for machine-read data files (data/catalogue/matters.csv); never for downloads. */
export function csvQuote(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One cell of a download: neutralised, then quoted. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return csvQuote(FORMULA_START.test(value) ? `'${value}` : value);
}

/** One line of a download (no line end). */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

export interface CsvOptions {
  /** A UTF-8 byte-order mark first, so Excel on Windows reads Chinese text as UTF-8. */
  bom?: boolean;
  /** Line end; default LF. */
  eol?: '\n' | '\r\n';
}

/** A whole download: header and rows, each line ended. */
export function csvText(rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  const eol = options.eol ?? '\n';
  return `${options.bom ? '\uFEFF' : ''}${rows.map((row) => csvRow(row) + eol).join('')}`;
}

/**
 * The inverse for uploads: a cell this writer neutralised (`'=…`) is read back as what it was, so a
 * download uploaded again unchanged imports the same values.
 */
export function csvCellValue(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
