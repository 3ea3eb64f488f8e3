import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import { acceptInvite, createGroup, createInvite } from '../../src/lib/server/groups/groups';
import {
	createLocalStorage,
	findObject,
	objectFile,
	verifyDownload
} from '../../src/lib/server/storage/local';
import { StorageError, type Storage } from '../../src/lib/server/storage/types';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

const BUCKET = 'resolution-files';
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Uint8Array.from([
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
	0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89
]);
const HTML = new TextEncoder().encode('<html><script>alert(1)</script></html>');

const rejectsWith = (promise: Promise<unknown>, code: StorageError['code']) =>
	expect(promise).rejects.toMatchObject({ code });

describe.each(ENGINES)('local storage (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const root = mkdtempSync(join(tmpdir(), 'wa-storage-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));
	let author: Persona, stranger: Persona;
	let draftId: string, publishedId: string;
	const storageFor = (claims: Persona['claims'] | typeof ANON): Storage =>
		createLocalStorage({ db: database().db, root }, claims);
	const filesOnDisk = () =>
		existsSync(join(root, BUCKET))
			? readdirSync(join(root, BUCKET), { recursive: true }).length
			: 0;

	beforeAll(async () => {
		const d = database();
		[author, stranger] = await Promise.all([
			createPersona(d, 'author'),
			createPersona(d, 'stranger')
		]);
		const place = await d.db
			.insertInto('places')
			.values({ kind: 'city', name: 'Filetown', state_code: 'VT' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const insert = (slug: string, visibility: string) =>
			d.db
				.insertInto('resolutions')
				.values({ slug, title: slug, place_id: place.id, created_by: author.id, visibility })
				.returning('id')
				.executeTakeFirstOrThrow();
		draftId = (await insert('filetown-draft', 'draft')).id;
		publishedId = (await insert('filetown-published', 'published')).id;
	});

	it('stores an editor upload under a generated name, row and file together', async () => {
		const stored = await storageFor(author.claims).upload({
			bucket: BUCKET,
			folder: draftId,
			bytes: PDF,
			originalName: '../../signed resolution.pdf'
		});
		expect(stored.path).toMatch(new RegExp(`^${draftId}/[0-9a-f-]{36}$`));
		expect(stored.originalName).toBe('signed resolution.pdf');
		expect(stored.contentType).toBe('application/pdf');
		expect(existsSync(objectFile(root, BUCKET, stored.path))).toBe(true);
		expect(await storageFor(author.claims).list(BUCKET, draftId)).toEqual([stored]);
	});

	it('keeps the uploaded name in user_metadata, where Supabase Storage keeps it', async () => {
		const stored = await storageFor(author.claims).upload({
			bucket: BUCKET,
			folder: draftId,
			bytes: PDF,
			originalName: 'Acta\u202e.pdf'
		});
		const row = await database()
			.db.selectFrom('storage.objects')
			.select(['owner', 'owner_id', 'metadata', 'user_metadata'])
			.where('name', '=', stored.path)
			.executeTakeFirstOrThrow();
		// A published campaign's files are public: who uploaded one is not kept on its row.
		expect(row).toEqual({
			owner: null,
			owner_id: null,
			metadata: { size: PDF.byteLength, mimetype: 'application/pdf' },
			user_metadata: { originalName: 'Acta.pdf' }
		});
	});

	it('names files from rows written before user_metadata, and from rows without a name', async () => {
		const d = database();
		const legacy = `${draftId}/${crypto.randomUUID()}`;
		const unnamed = `${draftId}/${crypto.randomUUID()}`;
		await d.db
			.insertInto('storage.objects')
			.values([
				{
					bucket_id: BUCKET,
					name: legacy,
					metadata: JSON.stringify({
						size: 9,
						mimetype: 'application/pdf',
						originalName: 'old.pdf'
					})
				},
				{
					bucket_id: BUCKET,
					name: unnamed,
					metadata: JSON.stringify({ size: 9, mimetype: 'image/png' }),
					user_metadata: JSON.stringify({ originalName: '\u0007' })
				}
			])
			.execute();
		const listed = await storageFor(author.claims).list(BUCKET, draftId);
		expect(listed.find((object) => object.path === legacy)?.originalName).toBe('old.pdf');
		expect(listed.find((object) => object.path === unnamed)?.originalName).toBe('file.png');
	});

	it("stores a group member's document although the member may not read it yet", async () => {
		const d = database();
		const member = await createPersona(d, 'member');
		const groupId = await d.as(author.claims, (tx) =>
			createGroup(tx, author.id, {
				name: 'Storage group',
				city: 'Burlington',
				state_code: 'VT',
				program_id: 'custom',
				arrival_on: null
			})
		);
		const token = await d.as(author.claims, (tx) => createInvite(tx, groupId, author.id, 'member'));
		expect(await d.as(member.claims, (tx) => acceptInvite(tx, token))).toBe(groupId);
		// Readable to members only once a group_documents row says it is not sensitive.
		const stored = await storageFor(member.claims).upload({
			bucket: 'group-files',
			folder: groupId,
			bytes: PDF,
			originalName: 'lease.pdf'
		});
		expect(await storageFor(member.claims).list('group-files', groupId)).toEqual([]);
		expect(await storageFor(author.claims).list('group-files', groupId)).toEqual([stored]);
	});

	it('refuses a stranger by policy and leaves no file behind', async () => {
		const before = filesOnDisk();
		await rejectsWith(
			storageFor(stranger.claims).upload({
				bucket: BUCKET,
				folder: draftId,
				bytes: PDF,
				originalName: 'x.pdf'
			}),
			'forbidden'
		);
		await rejectsWith(
			storageFor(ANON).upload({
				bucket: BUCKET,
				folder: publishedId,
				bytes: PDF,
				originalName: 'x.pdf'
			}),
			'forbidden'
		);
		expect(filesOnDisk()).toBe(before);
		expect(readdirSync(join(root, '.tmp'))).toEqual([]);
	});

	it('shows draft files to editors only, published files to everyone', async () => {
		await storageFor(author.claims).upload({
			bucket: BUCKET,
			folder: publishedId,
			bytes: PNG,
			originalName: 'photo.png'
		});
		expect(await storageFor(stranger.claims).list(BUCKET, draftId)).toEqual([]);
		expect(await storageFor(ANON).list(BUCKET, draftId)).toEqual([]);
		expect(await storageFor(ANON).list(BUCKET, publishedId)).toHaveLength(1);
	});

	it('rejects bytes that do not match the name, oversize files and foreign folders', async () => {
		const upload = (bytes: Uint8Array, originalName: string, folder = draftId) =>
			storageFor(author.claims).upload({ bucket: BUCKET, folder, bytes, originalName });
		await rejectsWith(upload(PNG, 'resolution.pdf'), 'invalid_type');
		await rejectsWith(upload(HTML, 'resolution.pdf'), 'invalid_type');
		await rejectsWith(upload(HTML, 'page.html'), 'invalid_type');
		const big = new Uint8Array(10 * 1024 * 1024 + 1);
		big.set(PDF);
		await rejectsWith(upload(big, 'big.pdf'), 'too_large');
		await rejectsWith(upload(PDF, 'a.pdf', '../etc'), 'invalid_name');
		await rejectsWith(upload(PDF, 'a.pdf', `${draftId}/../..`), 'invalid_name');
		expect(() => objectFile(root, BUCKET, `${draftId}/../../../etc/passwd`)).toThrow(StorageError);
	});

	it('signs download URLs for at most 300 s, for that object only', async () => {
		const storage = storageFor(author.claims);
		const stored = await storage.upload({
			bucket: BUCKET,
			folder: draftId,
			bytes: PDF,
			originalName: 'a.pdf'
		});
		const signed = new URL(await storage.signedUrl(BUCKET, stored.path, 3600), 'http://x');
		const token = signed.searchParams.get('token') ?? '';
		const grant = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
		expect(grant.exp - Date.now() / 1000).toBeLessThanOrEqual(300);
		const db = database().db;
		expect(await verifyDownload(db, token, BUCKET, stored.path)).toBe(true);
		expect(await verifyDownload(db, token, BUCKET, `${draftId}/${crypto.randomUUID()}`)).toBe(
			false
		);
		expect(await verifyDownload(db, `${token.slice(0, -2)}xx`, BUCKET, stored.path)).toBe(false);
		// The download route checks access again under the requester's claims.
		expect(
			await database().as(stranger.claims, (tx) => findObject(tx, BUCKET, stored.path))
		).toBeUndefined();
		await rejectsWith(storageFor(stranger.claims).signedUrl(BUCKET, stored.path), 'not_found');
	});

	it('refuses an expired signed URL', async () => {
		const storage = storageFor(author.claims);
		const stored = await storage.upload({
			bucket: BUCKET,
			folder: draftId,
			bytes: PDF,
			originalName: 'b.pdf'
		});
		const token =
			new URL(await storage.signedUrl(BUCKET, stored.path, 1), 'http://x').searchParams.get(
				'token'
			) ?? '';
		await new Promise((resolve) => setTimeout(resolve, 2100));
		expect(await verifyDownload(database().db, token, BUCKET, stored.path)).toBe(false);
	});

	it('removes for editors only, and the file goes with the row', async () => {
		const stored = await storageFor(author.claims).upload({
			bucket: BUCKET,
			folder: draftId,
			bytes: PDF,
			originalName: 'c.pdf'
		});
		await rejectsWith(storageFor(stranger.claims).remove(BUCKET, stored.path), 'not_found');
		expect(existsSync(objectFile(root, BUCKET, stored.path))).toBe(true);
		await storageFor(author.claims).remove(BUCKET, stored.path);
		expect(existsSync(objectFile(root, BUCKET, stored.path))).toBe(false);
	});
});
