/**
 * A small RFC 4180 CSV parser: fields may be quoted, quoted fields may hold commas, line breaks
 * and doubled quotes. Records end in CRLF or LF. Malformed input throws rather than guessing, so
 * a broken dataset fails the build instead of seeding shifted columns.
 */
export function parseCsv(text: string): string[][] {
	const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	// Tells an empty quoted field ("") at the very end of the input from no field at all.
	let fieldStarted = false;
	let i = 0;
	let line = 1;

	const endField = () => {
		record.push(field);
		field = '';
		fieldStarted = false;
	};

	while (i < input.length) {
		const char = input[i];
		const lineBreak = lineBreakLength(input, i);
		if (char === '"') {
			if (fieldStarted) throw new CsvError('quote inside an unquoted field', line);
			const quoted = readQuoted(input, i, line);
			field = quoted.value;
			fieldStarted = true;
			i = quoted.end;
			line = quoted.line;
		} else if (char === ',') {
			endField();
			i++;
		} else if (lineBreak > 0) {
			endField();
			records.push(record);
			record = [];
			i += lineBreak;
			line++;
		} else {
			field += char;
			fieldStarted = true;
			i++;
		}
	}
	// A final record without a trailing line break still counts; a trailing break adds nothing.
	if (fieldStarted || record.length > 0) {
		endField();
		records.push(record);
	}
	return records;
}

/** Reads the quoted field opening at `start`; `end` is the index just past its closing quote. */
function readQuoted(
	input: string,
	start: number,
	startLine: number
): { value: string; end: number; line: number } {
	let value = '';
	let line = startLine;
	let i = start + 1;
	for (;;) {
		if (i >= input.length) throw new CsvError('unterminated quoted field', startLine);
		const char = input[i];
		if (char === '"' && input[i + 1] === '"') {
			value += '"';
			i += 2;
		} else if (char === '"') {
			i++;
			break;
		} else {
			if (char === '\n') line++;
			value += char;
			i++;
		}
	}
	if (i < input.length && input[i] !== ',' && lineBreakLength(input, i) === 0) {
		throw new CsvError('text after a closing quote', line);
	}
	return { value, end: i, line };
}

function lineBreakLength(input: string, i: number): number {
	if (input[i] === '\n') return 1;
	if (input[i] === '\r' && input[i + 1] === '\n') return 2;
	return 0;
}

export class CsvError extends Error {
	constructor(message: string, line: number) {
		super(`CSV line ${line}: ${message}`);
		this.name = 'CsvError';
	}
}

/**
 * Parses a CSV with a header row into objects keyed by the header. Every record must have
 * exactly as many fields as the header; a short or long row means a quoting mistake upstream.
 */
export function parseCsvObjects(text: string): Record<string, string>[] {
	const [header, ...rows] = parseCsv(text);
	if (!header) return [];
	if (new Set(header).size !== header.length) throw new Error('CSV header repeats a column');
	return rows.map((row, index) => {
		if (row.length !== header.length) {
			throw new Error(
				`CSV record ${index + 1}: ${row.length} fields, expected ${header.length} ` +
					`(${header.join(',')})`
			);
		}
		return Object.fromEntries(header.map((column, at) => [column, row[at] ?? '']));
	});
}
