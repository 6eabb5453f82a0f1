import { parse } from 'csv-parse/sync';
import { validationError } from '../../../shared/errors';

export interface ParsedCsv {
  columns: string[];
  /** Data rows (the header row left out); short rows read as empty cells. */
  rows: string[][];
}

/**
 * Parses an uploaded file with csv-parse (RFC 4180 quoting, a UTF-8 BOM, CRLF or LF). The
 * first row names the columns. Fully blank lines are dropped; parse errors are a 400 on `csv`.
 * `maxRows` is checked before anything else is done with the rows.
 */
export function parseCsv(text: string, maxRows: number): ParsedCsv {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw validationError({ csv: [`Not a readable CSV file: ${(e as Error).message}`] });
  }
  const header = records[0];
  if (!header || header.every((h) => h.trim() === '')) throw validationError({ csv: ['The file has no header row naming its columns.'] });
  const columns = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of columns) {
    const key = name.toLowerCase();
    if (key !== '' && seen.has(key)) throw validationError({ csv: [`Column "${name}" appears twice in the header row.`] });
    seen.add(key);
  }
  const rows = records.slice(1);
  if (rows.length > maxRows) {
    throw validationError({
      csv: [`The file has ${rows.length.toLocaleString('en-US')} rows; an import takes at most ${maxRows.toLocaleString('en-US')}. Split it.`],
    });
  }
  return { columns, rows };
}

/** Leading characters that make Excel, LibreOffice or Sheets run a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: formula-like text is neutralised with a leading `'`, then quoted where needed.
 * The first character is compared in NFKC form: spreadsheets read a full-width `＝` as `=`.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) || FORMULA_START.test(value.slice(0, 2).normalize('NFKC')) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
