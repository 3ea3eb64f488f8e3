import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, parseCsvObjects } from '../scripts/csv';

describe('parseCsv', () => {
	it('splits plain fields and records', () => {
		expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
			['a', 'b', 'c'],
			['1', '2', '3']
		]);
	});

	it('accepts CRLF, LF and a missing final line break', () => {
		expect(parseCsv('a,b\r\n1,2\n3,4')).toEqual([
			['a', 'b'],
			['1', '2'],
			['3', '4']
		]);
	});

	it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
		const text = 'name,title\r\n"Smith, Jo","She said ""welcome"""\r\n"two\r\nlines",x\r\n';
		expect(parseCsv(text)).toEqual([
			['name', 'title'],
			['Smith, Jo', 'She said "welcome"'],
			['two\r\nlines', 'x']
		]);
	});

	it('keeps empty fields, quoted or not, including at the end of the input', () => {
		expect(parseCsv('a,,""\n,"",')).toEqual([
			['a', '', ''],
			['', '', '']
		]);
		expect(parseCsv('""')).toEqual([['']]);
	});

	it('treats backslashes and apostrophes as ordinary characters', () => {
		expect(parseCsv("St. Michael's,C:\\path\n")).toEqual([["St. Michael's", 'C:\\path']]);
	});

	it('drops a byte-order mark and returns nothing for empty input', () => {
		expect(parseCsv('\uFEFFa,b\n')).toEqual([['a', 'b']]);
		expect(parseCsv('')).toEqual([]);
	});

	it('rejects malformed quoting with the line number', () => {
		expect(() => parseCsv('a,b\n"open,1\n')).toThrow(CsvError);
		expect(() => parseCsv('a,b\n"open,1\n')).toThrow('line 2: unterminated quoted field');
		expect(() => parseCsv('a,b"c"\n')).toThrow('quote inside an unquoted field');
		expect(() => parseCsv('"a"b,c\n')).toThrow('text after a closing quote');
	});
});

describe('parseCsvObjects', () => {
	it('keys each record by the header', () => {
		expect(parseCsvObjects('name,state\r\n"Saint Paul, city",MN\r\n')).toEqual([
			{ name: 'Saint Paul, city', state: 'MN' }
		]);
	});

	it('rejects a record with the wrong number of fields', () => {
		expect(() => parseCsvObjects('a,b\n1,2,3\n')).toThrow('3 fields, expected 2');
		expect(() => parseCsvObjects('a,b\n1\n')).toThrow('1 fields, expected 2');
	});
});
