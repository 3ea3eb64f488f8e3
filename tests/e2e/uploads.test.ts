import { expect, test } from '@playwright/test';
import { SESSION_COOKIE } from '../../src/lib/server/auth/local';
import { prepareFixtures, type Fixtures } from '../helpers/atlas-fixtures';
import {
	newDataDir,
	removeDataDir,
	startServer,
	withDataDir,
	type AtlasServer
} from '../helpers/atlas-server';
import { CORPUS, type HostileFile } from '../uploads/corpus';

// The hostile-file corpus over HTTP against the production build, through both upload forms,
// then every stored file downloaded the way a member would: each must come back only as an
// attachment, with nosniff, a sandboxing CSP and the type read from its bytes — never as a page.

test.describe.configure({ mode: 'serial' });

let server: AtlasServer;
let fx: Fixtures;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	const dataDir = newDataDir('uploads');
	fx = await withDataDir(dataDir, (db) => prepareFixtures(db, dataDir));
	server = await startServer(dataDir);
});

test.afterAll(async () => {
	await server?.stop();
	if (server) removeDataDir(server.dataDir);
});

const forms = {
	group: () => `/groups/${fx.groupId}?/upload`,
	campaign: () => `/organize/${fx.campaignId}?/upload`
};

function request(path: string, init: RequestInit = {}): Promise<Response> {
	return fetch(new URL(path, server.baseURL), {
		...init,
		redirect: 'manual',
		headers: {
			accept: 'text/html',
			cookie: `${SESSION_COOKIE}=${fx.owner.session}`,
			origin: server.baseURL,
			...init.headers
		}
	});
}

function upload(path: keyof typeof forms, file: HostileFile): Promise<Response> {
	const form = new FormData();
	if (path === 'group') form.set('title', file.label.slice(0, 200));
	form.set('file', new File([file.bytes()], file.name, { type: file.claimedType }));
	return request(forms[path](), { method: 'POST', body: form });
}

for (const path of ['group', 'campaign'] as const) {
	test(`the ${path} upload form answers every hostile file as the corpus expects`, async () => {
		test.setTimeout(120_000);
		for (const file of CORPUS) {
			const response = await upload(path, file);
			await response.body?.cancel();
			const expected = file[path] === 'refused' ? 400 : 200;
			expect(response.status, `${file.label} (${file[path]})`).toBe(expected);
		}
	});
}

/** The links a page lists to its documents. */
async function documentLinks(page: string, pattern: RegExp): Promise<string[]> {
	const response = await request(page);
	expect(response.status, page).toBe(200);
	return [...new Set((await response.text()).match(pattern) ?? [])];
}

/** A document link sends a member on to a short-lived signed URL, which serves the bytes. */
async function expectServedAsAttachment(link: string) {
	const first = await request(link);
	expect(first.status, link).toBe(303);
	const signed = first.headers.get('location') ?? '';
	expect(signed).toMatch(/^\/storage\/v1\/object\/sign\//);
	const response = await request(signed);
	await response.arrayBuffer();
	expect(response.status, signed).toBe(200);
	const headers = response.headers;
	expect(headers.get('content-disposition'), link).toMatch(/^attachment; filename\*=UTF-8''/);
	expect(headers.get('x-content-type-options'), link).toBe('nosniff');
	expect(headers.get('content-security-policy'), link).toContain('sandbox');
	expect(headers.get('content-type'), link).not.toMatch(/html|svg|xml|javascript/i);
	return headers.get('content-type');
}

test('every stored group document downloads only as an attachment, with nosniff', async () => {
	const links = await documentLinks(
		`/groups/${fx.groupId}`,
		new RegExp(`/groups/${fx.groupId}/documents/[0-9a-f-]{36}`, 'g')
	);
	// The fixture's document plus every file of the corpus the group path stores.
	const stored = CORPUS.filter((file) => file.group === 'neutralised').length;
	expect(links).toHaveLength(stored + 1);
	const types = new Set<string | null>();
	for (const link of links) types.add(await expectServedAsAttachment(link));
	// HTML renamed .txt comes back as plain text, not as a page.
	expect(types).toContain('text/plain');
});

test('every stored campaign file downloads only as an attachment, with nosniff', async () => {
	const links = await documentLinks(
		`/organize/${fx.campaignId}`,
		new RegExp(`/resolutions/${fx.campaignSlug}/documents/[A-Za-z0-9._-]+`, 'g')
	);
	const stored = CORPUS.filter((file) => file.campaign === 'neutralised').length;
	expect(links).toHaveLength(stored + 1);
	for (const link of links) await expectServedAsAttachment(link);
});
