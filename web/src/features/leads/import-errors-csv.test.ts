import { describe, expect, it } from 'vitest';
import { csvCell, errorsFileName, importErrorsToCsv } from './import-errors-csv';

describe('importErrorsToCsv', () => {
  it('writes a header and one line per error, quoting as RFC 4180 asks', () => {
    const csv = importErrorsToCsv([
      { row: 3, field: 'phone', message: 'is not a phone number' },
      { row: 7, field: '', message: 'has 3 cells, the header "has" 5' },
      { row: 9, field: 'lossDescription', message: 'line one\nline two, with a comma' },
    ]);
    expect(csv).toBe(
      'row,field,message\r\n' +
        '3,phone,is not a phone number\r\n' +
        '7,,"has 3 cells, the header ""has"" 5"\r\n' +
        '9,lossDescription,"line one\nline two, with a comma"\r\n',
    );
  });

  it('writes only the header when there are no errors', () => {
    expect(importErrorsToCsv([])).toBe('row,field,message\r\n');
  });

  it('keeps spreadsheets from running a cell as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell(-3)).toBe('-3');
  });

  it('names the file after the import', () => {
    expect(errorsFileName('Storm leads.CSV')).toBe('Storm leads-errors.csv');
    expect(errorsFileName(undefined)).toBe('import-errors.csv');
  });
});
