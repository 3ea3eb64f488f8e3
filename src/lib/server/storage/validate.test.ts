import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '../../paraglide/runtime';
import { StorageError, type UploadInput } from './types';
import { assertObjectPath, checkUpload, safeDisplayName, type BucketRules } from './validate';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// The same rules the migration gives the `resolution-files` bucket.
const RESOLUTION_FILES: BucketRules = {
	id: 'resolution-files',
	fileSizeLimit: 10 * 1024 * 1024,
	allowedMimeTypes: ['application/pdf', DOCX_TYPE, 'image/png', 'image/jpeg', 'image/webp']
};
const FOLDER = '0b6f3c4e-2a57-4c3e-9d0a-8f1e2b3c4d5e';

// ------------------------------------------------------------------ real bytes

const encoder = new TextEncoder();

function pdf(): Uint8Array {
	return encoder.encode(
		'%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
			'2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
			'trailer <</Root 1 0 R>>\n%%EOF\n'
	);
}

/** A valid 1×1 PNG: signature, IHDR, one zlib-compressed scanline, IEND, with real CRCs. */
function png(): Uint8Array {
	const chunk = (type: string, data: Uint8Array) => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const out = Buffer.alloc(body.length + 8);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc32(body), body.length + 4);
		return out;
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(1, 0);
	ihdr.writeUInt32BE(1, 4);
	ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0, 255]))),
		chunk('IEND', new Uint8Array())
	]);
}

/** The start of a JFIF file (SOI + APP0) and its end marker: what every JPEG begins with. */
function jpeg(): Uint8Array {
	return Buffer.from([
		0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
		0x00, 0x01, 0x00, 0x00, 0xff, 0xd9
	]);
}

/** A 1×1 lossless WebP. */
function webp(): Uint8Array {
	return Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
}

/** A minimal Word document: an uncompressed zip with [Content_Types].xml and word/document.xml. */
function docx(): Uint8Array {
	return zip([
		{
			name: '[Content_Types].xml',
			data:
				'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
				'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
		},
		{
			name: 'word/document.xml',
			data: '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'
		}
	]);
}

function zip(entries: { name: string; data: string }[]): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8');
		const data = Buffer.from(entry.data, 'utf8');
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, data);
		centrals.push(central, name);
		offset += local.length + name.length + data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

function input(bytes: Uint8Array, originalName: string, folder = FOLDER): UploadInput {
	return { bucket: 'resolution-files', folder, bytes, originalName };
}

async function refusal(promise: Promise<unknown>): Promise<StorageError> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(StorageError);
	return error as StorageError;
}

// ------------------------------------------------------------------ tests

describe('checkUpload accepts what the bucket allows, detected from the bytes', () => {
	it.each([
		['resolution.pdf', pdf, 'application/pdf', 'pdf'],
		['draft.docx', docx, DOCX_TYPE, 'docx'],
		['map.png', png, 'image/png', 'png'],
		['photo.jpg', jpeg, 'image/jpeg', 'jpg'],
		['photo.JPEG', jpeg, 'image/jpeg', 'jpg'],
		['banner.webp', webp, 'image/webp', 'webp'],
		['RESOLUTION.PDF', pdf, 'application/pdf', 'pdf']
	])('%s', async (name, bytes, contentType, extension) => {
		await expect(checkUpload(RESOLUTION_FILES, input(bytes(), name))).resolves.toEqual({
			contentType,
			extension
		});
	});

	it('matches `type/*` wildcards as Supabase does', async () => {
		const rules = { ...RESOLUTION_FILES, allowedMimeTypes: ['image/*'] };
		await expect(checkUpload(rules, input(png(), 'a.png'))).resolves.toMatchObject({
			contentType: 'image/png'
		});
	});
});

describe('checkUpload refuses disguised and unwanted files', () => {
	it('a PNG named .pdf', async () => {
		const error = await refusal(checkUpload(RESOLUTION_FILES, input(png(), 'report.pdf')));
		expect(error.code).toBe('invalid_type');
		expect(error.message).toContain('.png');
	});

	it('HTML named .pdf (no magic number, and text is not allowed here)', async () => {
		const html = encoder.encode('<!doctype html><html><script>alert(document.cookie)</script>');
		const error = await refusal(checkUpload(RESOLUTION_FILES, input(html, 'report.pdf')));
		expect(error.code).toBe('invalid_type');
	});

	it('a Windows executable named .pdf', async () => {
		const exe = new Uint8Array(512);
		exe.set([0x4d, 0x5a]); // "MZ"
		exe.set(encoder.encode('PE\0\0'), 0x80);
		new DataView(exe.buffer).setUint32(0x3c, 0x80, true);
		const error = await refusal(checkUpload(RESOLUTION_FILES, input(exe, 'report.pdf')));
		expect(error.code).toBe('invalid_type');
	});

	it('a type the bucket does not take, even with the right name', async () => {
		const gif = encoder.encode('GIF89a\x01\x00\x01\x00\x00\x00\x00;');
		const error = await refusal(checkUpload(RESOLUTION_FILES, input(gif, 'anim.gif')));
		expect(error.code).toBe('invalid_type');
		expect(error.message).toContain('image/gif');
	});

	it('a real PDF with no extension at all', async () => {
		const error = await refusal(checkUpload(RESOLUTION_FILES, input(pdf(), 'resolution')));
		expect(error.code).toBe('invalid_type');
	});

	it('an empty file', async () => {
		const error = await refusal(checkUpload(RESOLUTION_FILES, input(new Uint8Array(), 'a.pdf')));
		expect(error.code).toBe('invalid_type');
	});

	it('a file over the limit, naming the limit in MB', async () => {
		const big = new Uint8Array(RESOLUTION_FILES.fileSizeLimit! + 1);
		big.set(pdf());
		const error = await refusal(checkUpload(RESOLUTION_FILES, input(big, 'big.pdf')));
		expect(error.code).toBe('too_large');
		expect(error.message).toContain('10 MB');
	});

	it('a file for another bucket than the rules describe', async () => {
		const other = { ...input(pdf(), 'a.pdf'), bucket: 'group-files' };
		const error = await refusal(checkUpload(RESOLUTION_FILES, other));
		expect(error.code).toBe('not_found');
	});
});

describe('checkUpload and plain text', () => {
	const withText: BucketRules = {
		id: 'resolution-files',
		fileSizeLimit: null,
		allowedMimeTypes: ['text/plain']
	};

	it('accepts UTF-8 text named .txt where text/plain is allowed', async () => {
		const text = encoder.encode('Resolución de bienvenida — 2026\n');
		await expect(checkUpload(withText, input(text, 'notes.txt'))).resolves.toEqual({
			contentType: 'text/plain',
			extension: 'txt'
		});
	});

	it('refuses text named .pdf, text with NUL bytes, and invalid UTF-8', async () => {
		const text = encoder.encode('hello');
		expect((await refusal(checkUpload(withText, input(text, 'a.pdf')))).code).toBe('invalid_type');
		const nul = encoder.encode('a\0b');
		expect((await refusal(checkUpload(withText, input(nul, 'a.txt')))).code).toBe('invalid_type');
		const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9]);
		expect((await refusal(checkUpload(withText, input(latin1, 'a.txt')))).code).toBe(
			'invalid_type'
		);
	});
});

describe('checkUpload folder', () => {
	it.each(['..', '../etc', 'a/b', `${FOLDER}/x`, `${FOLDER}\0`, 'not-a-uuid', '', ' '])(
		'refuses %j',
		async (folder) => {
			const error = await refusal(checkUpload(RESOLUTION_FILES, input(pdf(), 'a.pdf', folder)));
			expect(error.code).toBe('invalid_name');
		}
	);

	it('accepts an upper-case UUID', async () => {
		await expect(
			checkUpload(RESOLUTION_FILES, input(pdf(), 'a.pdf', FOLDER.toUpperCase()))
		).resolves.toBeDefined();
	});
});

describe('assertObjectPath', () => {
	it('accepts <uuid>/<uuid> only', () => {
		expect(() => assertObjectPath(`${FOLDER}/${FOLDER}`)).not.toThrow();
		for (const bad of [FOLDER, `${FOLDER}/../x`, `${FOLDER}/${FOLDER}/x`, `../${FOLDER}`]) {
			expect(() => assertObjectPath(bad)).toThrow(StorageError);
		}
	});
});

describe('safeDisplayName', () => {
	it('drops directories from either kind of separator', () => {
		expect(safeDisplayName('../../etc/passwd')).toBe('passwd');
		expect(safeDisplayName('C:\\Users\\ana\\Resolución.pdf')).toBe('Resolución.pdf');
	});

	it('drops control and bidirectional-override characters', () => {
		expect(safeDisplayName('a\u0000b\r\nc\u007f.pdf')).toBe('abc.pdf');
		expect(safeDisplayName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
	});

	it('keeps the extension when capping at 200 characters', () => {
		const name = safeDisplayName(`${'x'.repeat(300)}.pdf`);
		expect(Array.from(name)).toHaveLength(200);
		expect(name.endsWith('.pdf')).toBe(true);
		const emoji = safeDisplayName(`${'🗺'.repeat(250)}.pdf`);
		expect(Array.from(emoji)).toHaveLength(200);
		expect(emoji).not.toContain('\uFFFD');
	});

	it('never returns an empty or hidden name', () => {
		expect(safeDisplayName('')).toBe('file');
		expect(safeDisplayName('/')).toBe('file');
		expect(safeDisplayName('...')).toBe('file');
		expect(safeDisplayName('.env')).toBe('env');
	});
});

describe('refusals in the visitor’s language', () => {
	it('says why in Spanish when the request is in Spanish', async () => {
		const english = getLocale;
		overwriteGetLocale(() => 'es');
		try {
			await expect(checkUpload(RESOLUTION_FILES, input(new Uint8Array(), 'a.pdf'))).rejects.toThrow(
				'El archivo está vacío.'
			);
			await expect(checkUpload(RESOLUTION_FILES, input(pdf(), 'lease.png'))).rejects.toThrow(
				/El contenido del archivo es application\/pdf.*nómbrelo \.pdf\./
			);
		} finally {
			overwriteGetLocale(english);
		}
	});
});
