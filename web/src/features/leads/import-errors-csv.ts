// The import's row errors as a CSV file (row,field,message), built in the browser from the job's
// `errors`, to fix the rows in a spreadsheet and import them again.
import type { ImportRowError } from './leads-feature-api';

/**
 * One RFC 4180 cell. Cells a spreadsheet would run as a formula (starting with =, +, -, @, a tab
 * or CR) get a leading ' as the server's export does, since a message may quote the bad cell.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function importErrorsToCsv(errors: readonly ImportRowError[]): string {
  const lines = ['row,field,message'];
  for (const error of errors) {
    lines.push([csvCell(error.row), csvCell(error.field ?? ''), csvCell(error.message)].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** "leads.csv" → "leads-errors.csv". */
export function errorsFileName(sourceName: string | null | undefined): string {
  const base = (sourceName ?? 'import').replace(/\.csv$/i, '') || 'import';
  return `${base}-errors.csv`;
}
