// Lighthouse (its default mobile config: simulated slow 4G and a mid-range phone's CPU) on a
// Chromium we start ourselves, connected over the DevTools port. Offline: nothing leaves the box.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './browser';
import { stopChild } from './server';

export interface LighthouseScores {
	performance: number;
	accessibility: number;
}

interface DebuggingChromium {
	port: number;
	stop(): Promise<void>;
}

/** Chromium with --remote-debugging-port=0; the port it chose is read from its stderr. */
async function startDebuggingChromium(): Promise<DebuggingChromium> {
	if (!CHROMIUM_PATH) throw new Error('no Chromium found (set CHROMIUM_PATH)');
	const profile = mkdtempSync(join(tmpdir(), 'wa-bench-lh-'));
	const child: ChildProcess = spawn(
		CHROMIUM_PATH,
		[
			...CHROMIUM_FLAGS,
			'--headless=new',
			'--remote-debugging-port=0',
			`--user-data-dir=${profile}`,
			'about:blank'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	const stop = async () => {
		await stopChild(child);
		rmSync(profile, { recursive: true, force: true });
	};
	try {
		const port = await new Promise<number>((resolve, reject) => {
			let seen = '';
			const timer = setTimeout(() => reject(new Error('Chromium gave no DevTools port')), 20_000);
			child.stderr?.on('data', (chunk: Buffer) => {
				seen += chunk.toString();
				const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
				if (match) {
					clearTimeout(timer);
					resolve(Number(match[1]));
				}
			});
			child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}`)));
		});
		return { port, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Scores (0–100) of each URL, one Lighthouse run per URL, in one Chromium. */
export async function runLighthouse(urls: string[]): Promise<Map<string, LighthouseScores>> {
	const chromium = await startDebuggingChromium();
	try {
		const scores = new Map<string, LighthouseScores>();
		for (const url of urls) {
			const result = await lighthouse(url, {
				port: chromium.port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: ['performance', 'accessibility']
			});
			const categories = result?.lhr.categories;
			const performance = categories?.performance?.score;
			const accessibility = categories?.accessibility?.score;
			if (typeof performance !== 'number' || typeof accessibility !== 'number') {
				const runtimeError = result?.lhr.runtimeError?.message ?? 'no score';
				throw new Error(`Lighthouse on ${url}: ${runtimeError}`);
			}
			scores.set(url, { performance: performance * 100, accessibility: accessibility * 100 });
		}
		return scores;
	} finally {
		await chromium.stop();
	}
}
