// The production build on a prepared data directory, served the way it is deployed: `node server`
// (server/index.js, what `npm start` runs).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/** Port for everything the bench serves (one at a time), so checkouts side by side do not clash. */
export const BENCH_PORT = Number(process.env.BENCH_PORT ?? 4273);
export const BENCH_ORIGIN = `http://127.0.0.1:${BENCH_PORT}`;
/** The production server entry (a directory with index.js), as `node <entry>` runs it. */
export const SERVER_ENTRY = 'server';

/** `npm run build`, unless BENCH_SKIP_BUILD=1 reuses build/ (then it is the caller's to keep fresh). */
export function buildApp(): void {
	if (process.env.BENCH_SKIP_BUILD === '1') {
		console.log('  BENCH_SKIP_BUILD=1: using the existing build/');
		return;
	}
	console.log('  npm run build…');
	try {
		execFileSync('npm', ['run', 'build'], { encoding: 'utf8', stdio: 'pipe' });
	} catch (error) {
		const { stdout, stderr } = error as { stdout?: string; stderr?: string };
		console.error(`${stdout ?? ''}\n${stderr ?? ''}`.trim().split('\n').slice(-30).join('\n'));
		throw new Error('npm run build failed', { cause: error });
	}
}

export interface RunningServer {
	origin: string;
	stop(): Promise<void>;
}

/** Starts `node server` and resolves once it answers HTTP; its output is kept for diagnostics. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
	const child = spawn(process.execPath, [SERVER_ENTRY], {
		env: {
			...process.env,
			PORT: String(BENCH_PORT),
			HOST: '127.0.0.1',
			ORIGIN: BENCH_ORIGIN,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const log: string[] = [];
	const keep = (chunk: Buffer) => {
		log.push(chunk.toString());
		if (log.length > 200) log.shift();
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const server = { origin: BENCH_ORIGIN, stop: () => stopChild(child) };
	try {
		await waitUntilServing(child, `${BENCH_ORIGIN}/login`, 120_000);
		return server;
	} catch (error) {
		await server.stop();
		console.error(log.join('').split('\n').slice(-20).join('\n'));
		throw error;
	}
}

async function waitUntilServing(child: ChildProcess, url: string, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`node ${SERVER_ENTRY} exited with ${child.exitCode}`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
			await response.arrayBuffer();
			if (response.status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`node ${SERVER_ENTRY} did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** SIGTERM lets the server close PGlite cleanly; SIGKILL if it has not exited after 15 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}

/** GET status of a path (body drained), or 0 when the server did not answer. */
export async function statusOf(origin: string, path: string): Promise<number> {
	try {
		const response = await fetch(origin + path, { signal: AbortSignal.timeout(60_000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}
