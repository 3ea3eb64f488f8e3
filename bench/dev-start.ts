// `dev_first_page_ms`: what a contributor waits for after `npm install` — a fresh clone (no
// `.data`, no Vite cache), `npm run dev`, until the home page answers with the demo data. The
// clone shares this checkout's node_modules (installing is not what is measured; the database
// snapshot that `npm install` builds lives there) but gets a Vite cache of its own.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { percentile } from './stats';

const RUNS = 3;
const PORT = 5297;

async function firstPage(cwd: string, cacheDir: string): Promise<number> {
	const started = performance.now();
	const child = spawn('npx', ['vite', 'dev', '--port', String(PORT), '--strictPort'], {
		cwd,
		env: { ...process.env, WA_VITE_CACHE_DIR: cacheDir, DATA_DIR: join(cwd, '.data') },
		stdio: 'ignore',
		detached: true
	});
	try {
		for (;;) {
			if (performance.now() - started > 180_000) throw new Error('no first page in 3 minutes');
			try {
				const response = await fetch(`http://127.0.0.1:${PORT}/`);
				if (response.ok && (await response.text()).includes('Miami Beach')) {
					return performance.now() - started;
				}
			} catch {
				// Not listening yet.
			}
			await new Promise((done) => setTimeout(done, 50));
		}
	} finally {
		if (child.pid) process.kill(-child.pid, 'SIGTERM');
		await new Promise((done) => setTimeout(done, 500));
	}
}

export async function benchDevFirstPage(): Promise<Record<string, number>> {
	const root = resolve('.');
	const dir = mkdtempSync(join(tmpdir(), 'wa-dev-start-'));
	try {
		const app = join(dir, 'app');
		execFileSync('git', ['clone', '-q', root, app]);
		symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'));
		// What `npm install` leaves in a clone (its `prepare`): generated types and messages.
		execFileSync('npx', ['svelte-kit', 'sync'], { cwd: app, stdio: 'ignore' });
		execFileSync('npm', ['run', 'i18n:compile'], { cwd: app, stdio: 'ignore' });
		const times: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			rmSync(join(app, '.data'), { recursive: true, force: true });
			const cacheDir = join(dir, `vite-cache-${run}`);
			times.push(await firstPage(app, cacheDir));
		}
		return { dev_first_page_ms: percentile(times, 50) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
