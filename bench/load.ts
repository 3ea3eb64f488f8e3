// Load and faults on the production build (issue 7): virtual users that browse, sign in, edit
// tasks and upload documents; a SIGKILL in the middle of a stream of acknowledged writes; and
// (bench/faults.ts) a PostgreSQL restart under load. Shared by `npm run bench` (60 s, 50 users)
// and the short CI run in tests/e2e/load.test.ts (same code, fewer users and seconds).
import { latestLinkTo } from '../tests/helpers/outbox';
import { SERVER_ENTRY } from './server';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { stopChild } from './server';
import { percentile } from './stats';

export const LOAD_PASSWORD = 'load test password 1234';
const PUBLIC_MAP = '/api/map?zoom=4&bbox=-125,24,-66,50';
/** A valid, minimal PDF: the upload checks the magic number, not only the name. */
const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
		'2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'
);
/** Sign-in is limited to 10 a quarter hour per address: a user signs in again at this pace. */
const SIGN_IN_EVERY_MS = 10_000;

// ------------------------------------------------------------------ the server under test

export interface AppServer {
	origin: string;
	child: ChildProcess;
	/** The last lines it printed, for a failure message. */
	log(): string;
	stop(): Promise<void>;
}

/** A port nobody listens on: other checkouts run their servers side by side on fixed ones. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/**
 * `node server` as deployed behind a proxy: the client address comes from X-Forwarded-For, so each
 * virtual user counts against its own sign-in limit, as real visitors do (without it all of them
 * would share 127.0.0.1 and the per-address limit would refuse the 31st sign-in).
 */
export async function startApp(env: Record<string, string>, port: number): Promise<AppServer> {
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [SERVER_ENTRY], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const lines: string[] = [];
	const keep = (chunk: Buffer) => {
		lines.push(chunk.toString());
		if (lines.length > 200) lines.shift();
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const server = { origin, child, log: () => lines.join(''), stop: () => stopChild(child) };
	try {
		await waitUntilAnswering(child, origin, 120_000);
		return server;
	} catch (error) {
		await server.stop();
		throw new Error(`${(error as Error).message}\n${server.log().slice(-2000)}`, { cause: error });
	}
}

async function waitUntilAnswering(child: ChildProcess, origin: string, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`node ${SERVER_ENTRY} exited with ${child.exitCode}`);
		try {
			const response = await fetch(`${origin}/login`, { signal: AbortSignal.timeout(10_000) });
			await response.arrayBuffer();
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(
		`node ${SERVER_ENTRY} did not answer ${origin}/login within ${timeoutMs / 1000} s`
	);
}

/** SIGKILL, no goodbye: what a crash, an OOM kill or a pulled plug does to the process. */
export async function killApp(server: AppServer): Promise<void> {
	const { child } = server;
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGKILL');
	await exited;
}

// ------------------------------------------------------------------ databases for each mode

/** The environment of one mode on a new, empty database. */
export interface ModeDatabase {
	mode: 'embedded' | 'postgres';
	env: Record<string, string>;
	drop(): Promise<void>;
}

export function freshEmbedded(dataDir: string): ModeDatabase {
	// The PGlite lock file lives inside DATA_DIR (db.lock): it goes with the directory.
	const clear = () => rmSync(dataDir, { recursive: true, force: true });
	clear();
	return {
		mode: 'embedded',
		env: { DATA_DIR: dataDir, SEED_DEMO: 'true' },
		drop: async () => clear()
	};
}

/** A new database on the server of `adminUrl` (a superuser URL), dropped by drop(). */
export async function freshPostgres(adminUrl: string, dataDir: string): Promise<ModeDatabase> {
	const name = `wa_load_${process.pid}_${Date.now().toString(36)}`;
	await adminQuery(adminUrl, `create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	rmSync(dataDir, { recursive: true, force: true });
	return {
		mode: 'postgres',
		// DATA_DIR still holds the uploaded files (local storage) in postgres mode.
		env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir, SEED_DEMO: 'true' },
		async drop() {
			await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		await client.query(text);
	} finally {
		await client.end();
	}
}

// ------------------------------------------------------------------ HTTP as a browser without JS

export interface Session {
	email: string;
	/** The client address this user's proxy would forward. */
	address: string;
	cookie: string;
	groupId: string;
	taskIds: string[];
}

interface Answer {
	status: number;
	location: string | null;
	body: string;
	cookies: string[];
}

async function request(
	origin: string,
	path: string,
	init: { method?: string; body?: BodyInit; cookie?: string; address?: string } = {}
): Promise<Answer> {
	// A browser without JavaScript: form actions answer with a page or a redirect, not JSON.
	const headers: Record<string, string> = { accept: 'text/html,*/*' };
	if (init.cookie) headers.cookie = init.cookie;
	if (init.address) headers['x-forwarded-for'] = init.address;
	// Form actions pass SvelteKit's CSRF check only from the site's own origin.
	if (init.method === 'POST') headers.origin = origin;
	const response = await fetch(origin + path, {
		method: init.method ?? 'GET',
		body: init.body,
		headers,
		redirect: 'manual',
		signal: AbortSignal.timeout(30_000)
	});
	return {
		status: response.status,
		location: response.headers.get('location'),
		body: await response.text(),
		cookies: response.headers.getSetCookie().map((line) => line.split(';')[0] ?? '')
	};
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

/** The session cookies a response set, merged over the ones we had. */
function withCookies(previous: string, answer: Answer): string {
	const jar = new Map(
		previous
			.split('; ')
			.filter(Boolean)
			.map((pair) => [pair.split('=')[0], pair] as const)
	);
	for (const pair of answer.cookies) jar.set(pair.split('=')[0], pair);
	return [...jar.values()].join('; ');
}

/** Signs up through the form, opens a sponsor group and reads its task ids off the page. */
/**
 * Signs up as a person does: the form, then the confirmation link from the mail the server wrote
 * to `DATA_DIR/outbox` (no SMTP here), followed in the same browser — which signs in.
 */
async function signUpWithGroup(origin: string, dataDir: string, index: number): Promise<Session> {
	const email = `load-${index}-${Date.now().toString(36)}@example.org`;
	const address = `10.7.${Math.floor(index / 250)}.${(index % 250) + 1}`;
	const signedUp = await request(origin, '/signup', {
		method: 'POST',
		address,
		body: form({ email, password: LOAD_PASSWORD, display_name: `Load ${index}` })
	});
	expectStatus(signedUp, 200, `sign-up of ${email}`);
	const link = latestLinkTo(dataDir, email);
	const confirmed = await request(origin, link.pathname + link.search, {
		address,
		cookie: withCookies('', signedUp)
	});
	expectStatus(confirmed, 303, `confirmation of ${email}`);
	let cookie = withCookies('', confirmed);
	const created = await request(origin, '/groups?/create', {
		method: 'POST',
		address,
		cookie,
		body: form({
			name: `Load group ${index}`,
			city: 'Fargo',
			state_code: 'ND',
			program_id: 'welcome_corps'
		})
	});
	expectStatus(created, 303, `group of ${email}`);
	cookie = withCookies(cookie, created);
	const groupId = created.location?.split('/').pop() ?? '';
	const page = await request(origin, `/groups/${groupId}`, { cookie, address });
	expectStatus(page, 200, `group page of ${email}`);
	const taskIds = [...page.body.matchAll(/name="task_id" value="([0-9a-f-]{36})"/g)].map(
		(match) => match[1] ?? ''
	);
	if (taskIds.length === 0) throw new Error(`no task ids on /groups/${groupId}`);
	return { email, address, cookie, groupId, taskIds: [...new Set(taskIds)] };
}

function expectStatus(answer: Answer, status: number, what: string): void {
	if (answer.status !== status) {
		throw new Error(`${what}: ${answer.status} (expected ${status}) ${answer.body.slice(0, 300)}`);
	}
}

/** Users with a group each, ten at a time (sign-up hashes a password: it is the slow part). */
export async function prepareUsers(
	origin: string,
	dataDir: string,
	count: number
): Promise<Session[]> {
	const sessions: Session[] = [];
	for (let first = 0; first < count; first += 10) {
		const batch = Array.from({ length: Math.min(10, count - first) }, (_, i) => first + i);
		sessions.push(
			...(await Promise.all(batch.map((index) => signUpWithGroup(origin, dataDir, index))))
		);
	}
	return sessions;
}

/** Published resolutions to browse (the demo seed). */
export async function publicSlugs(origin: string): Promise<string[]> {
	const answer = await request(origin, '/api/resolutions?per_page=50');
	expectStatus(answer, 200, '/api/resolutions');
	const items = (JSON.parse(answer.body) as { items: Array<{ slug: string }> }).items;
	if (items.length === 0) throw new Error('no published resolution to browse');
	return items.map((item) => item.slug);
}

// ------------------------------------------------------------------ virtual users

type Kind = 'public' | 'group_page' | 'sign_in' | 'task_status' | 'upload';

export interface LoadStats {
	requests: number;
	errors: number;
	latenciesMs: number[];
	/** Latencies of each kind of step, to say which one makes the tail. */
	byKind: Record<Kind, number[]>;
	/** Every request's start, end (performance.now()) and outcome: the restart bench reads it. */
	timeline: Array<{ startedAt: number; endedAt: number; ok: boolean }>;
	/** The first few failures, said plainly, so a non-zero count can be chased. */
	samples: string[];
}

export interface LoadOptions {
	users: number;
	seconds: number;
	/** Mean pause between a user's steps (uniform 0–2×); 0 is a closed loop, the worst case. */
	thinkMs?: number;
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** One step of a user's visit; the expected status makes anything else an error. */
function nextStep(
	origin: string,
	session: Session,
	slugs: string[]
): { kind: Kind; expected: number; run: () => Promise<Answer> } {
	const roll = Math.random();
	const { cookie, address } = session;
	if (roll < 0.5) {
		const path = pick([
			'/',
			`/resolutions/${pick(slugs)}`,
			PUBLIC_MAP,
			'/api/resolutions?per_page=20'
		]);
		return { kind: 'public', expected: 200, run: () => request(origin, path, { address }) };
	}
	if (roll < 0.65) {
		const path = `/groups/${session.groupId}`;
		return {
			kind: 'group_page',
			expected: 200,
			run: () => request(origin, path, { cookie, address })
		};
	}
	if (roll < 0.9) {
		const body = form({
			task_id: pick(session.taskIds),
			status: pick(['todo', 'doing', 'done', 'blocked'])
		});
		const path = `/groups/${session.groupId}?/task_status`;
		return {
			kind: 'task_status',
			expected: 200,
			run: () => request(origin, path, { method: 'POST', body, cookie, address })
		};
	}
	const body = new FormData();
	body.set('title', `Lease ${Math.random().toString(36).slice(2, 8)}`);
	body.set('file', new Blob([PDF], { type: 'application/pdf' }), 'lease.pdf');
	const path = `/groups/${session.groupId}?/upload`;
	return {
		kind: 'upload',
		expected: 200,
		run: () => request(origin, path, { method: 'POST', body, cookie, address })
	};
}

function signInStep(origin: string, session: Session) {
	return {
		kind: 'sign_in' as const,
		expected: 303,
		run: () =>
			request(origin, '/login?/password', {
				method: 'POST',
				address: session.address,
				body: form({ email: session.email, password: LOAD_PASSWORD })
			})
	};
}

/** Times one request; a wrong status or a network error counts as an error, never dropped. */
async function timed(
	stats: LoadStats,
	step: { kind: Kind; expected: number; run: () => Promise<Answer> }
): Promise<Answer | null> {
	const started = performance.now();
	let answer: Answer | null = null;
	let failure = '';
	try {
		answer = await step.run();
		if (answer.status !== step.expected) {
			failure = `${step.kind}: ${answer.status} ${answer.body.slice(0, 160).replace(/\s+/g, ' ')}`;
		}
	} catch (error) {
		failure = `${step.kind}: ${(error as Error).message} ${String((error as Error).cause ?? '')}`;
	}
	const endedAt = performance.now();
	stats.latenciesMs.push(endedAt - started);
	stats.byKind[step.kind].push(endedAt - started);
	stats.timeline.push({ startedAt: started, endedAt, ok: !failure });
	stats.requests++;
	if (failure) {
		stats.errors++;
		if (stats.samples.length < 10) stats.samples.push(failure);
		return null;
	}
	return answer;
}

/** One user's visit until the deadline: sign in, then browse and work, signing in again now and then. */
async function virtualUser(
	origin: string,
	session: Session,
	slugs: string[],
	until: number,
	stats: LoadStats,
	thinkMs: number
): Promise<void> {
	let nextSignIn = 0;
	while (Date.now() < until) {
		if (thinkMs > 0)
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * thinkMs));
		if (Date.now() >= nextSignIn) {
			nextSignIn = Date.now() + SIGN_IN_EVERY_MS;
			const answer = await timed(stats, signInStep(origin, session));
			if (answer) session.cookie = withCookies(session.cookie, answer);
			continue;
		}
		await timed(stats, nextStep(origin, session, slugs));
	}
}

export function emptyStats(): LoadStats {
	return {
		requests: 0,
		errors: 0,
		latenciesMs: [],
		byKind: { public: [], group_page: [], sign_in: [], task_status: [], upload: [] },
		timeline: [],
		samples: []
	};
}

/** `users` virtual users at once for `seconds`, by default with no think time (closed loop). */
export async function runLoad(
	origin: string,
	sessions: Session[],
	slugs: string[],
	options: LoadOptions
): Promise<LoadStats> {
	const stats = emptyStats();
	const until = Date.now() + options.seconds * 1000;
	const users = Array.from(
		{ length: options.users },
		(_, i) => sessions[i % sessions.length] as Session
	);
	await Promise.all(
		users.map((session) =>
			virtualUser(origin, { ...session }, slugs, until, stats, options.thinkMs ?? 0)
		)
	);
	return stats;
}

export const p99 = (stats: LoadStats) => percentile(stats.latenciesMs, 99);

/** One line per kind of step: how many, p50 and p99, for the log. */
export function describeKinds(stats: LoadStats): string {
	return Object.entries(stats.byKind)
		.map(([kind, samples]) => {
			const p = (n: number) => percentile(samples, n).toFixed(0);
			return `  ${kind}: ${samples.length} requests, p50 ${p(50)} ms, p99 ${p(99)} ms`;
		})
		.join('\n');
}

// ------------------------------------------------------------------ crash: SIGKILL mid-stream

export interface CrashResult {
	acknowledged: number;
	lost: number;
	/** The server came back on the same data: answered, its migrations applied or verified. */
	reopened: boolean;
}

/**
 * Writers add comments (one row each, a unique body) as fast as the server takes them; each 200
 * is written down. After `killAfterMs` the server is SIGKILLed with writes in flight, started
 * again on the same data, and every acknowledged comment must be there.
 */
export async function crashDuringWrites(
	database: ModeDatabase,
	port: number,
	options: { writers: number; killAfterMs: number }
): Promise<CrashResult> {
	let server = await startApp(database.env, port);
	const [session] = await prepareUsers(server.origin, database.env.DATA_DIR ?? '', 1);
	if (!session) throw new Error('no user to write as');
	const run = `crash-${Date.now().toString(36)}`;
	const acknowledged: string[] = [];
	let killed = false;
	let next = 0;
	const writer = async () => {
		while (!killed) {
			const body = `${run}-${next++}`;
			try {
				const answer = await request(server.origin, `/groups/${session.groupId}?/add_comment`, {
					method: 'POST',
					cookie: session.cookie,
					address: session.address,
					body: form({ task_id: session.taskIds[0] ?? '', body })
				});
				if (answer.status === 200) acknowledged.push(body);
			} catch {
				// The kill cut this one off: it was never acknowledged.
			}
		}
	};
	const writers = Array.from({ length: options.writers }, writer);
	await new Promise((resolve) => setTimeout(resolve, options.killAfterMs));
	await killApp(server);
	killed = true;
	await Promise.all(writers);
	if (acknowledged.length === 0) throw new Error('no write was acknowledged before the kill');

	server = await startApp(database.env, port);
	const reopened = (await request(server.origin, '/')).status === 200;
	const present = await commentsVisible(server.origin, session, run);
	await server.stop();
	const lost = acknowledged.filter((body) => !present.has(body)).length;
	return { acknowledged: acknowledged.length, lost, reopened };
}

/** The crash run's comments the group page shows after the restart (it lists them all). */
async function commentsVisible(
	origin: string,
	session: Session,
	run: string
): Promise<Set<string>> {
	const signedIn = await request(origin, '/login?/password', {
		method: 'POST',
		address: session.address,
		body: form({ email: session.email, password: LOAD_PASSWORD })
	});
	expectStatus(signedIn, 303, 'sign-in after the restart');
	const page = await request(origin, `/groups/${session.groupId}`, {
		cookie: withCookies('', signedIn),
		address: session.address
	});
	expectStatus(page, 200, 'group page after the restart');
	return new Set(page.body.match(new RegExp(`${run}-\\d+`, 'g')) ?? []);
}
