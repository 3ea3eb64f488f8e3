/**
 * The system module: the jobs that act for nobody in particular, and so run over the owner's
 * connection (which bypasses Row Level Security). Nothing that serves a request may use that
 * connection (an ESLint rule keeps routes and domain modules away from it); the local auth and
 * storage servers (auth/, storage/) are the other two places that hold it, standing in for
 * Supabase Auth and Storage. Every app instance runs these jobs; each is safe to run in several
 * at once (row locks, idempotent deletes).
 */
import { purgeExpiredSignUps } from '../auth/local';
import type { Runtime } from '../runtime';
import { purgeRateLimits } from '../rate-limit';
import { createFolderRemover } from '../storage';
import { purgeMail, sendQueuedMail } from './mail';
import { purgeClosedGroups } from './retention';

const SECOND = 1000;
const HOUR = 3600 * SECOND;

/** Runs `job` at start and then every `interval` ms; a failure waits for the next run. */
function repeat(label: string, interval: number, job: () => Promise<unknown>) {
	let running = false;
	const run = async () => {
		if (running) return; // a slow run is not overlapped by the next tick
		running = true;
		try {
			await job();
		} catch (error) {
			console.error(`[${label}] failed`, error);
		} finally {
			running = false;
		}
	};
	void run();
	setInterval(run, interval).unref();
}

/**
 * Closed groups are deleted when due (at start and twice a day); rate-limit rows (hashed
 * addresses and emails) and expired sign-in links go hourly, so none outlives its window by more
 * than an hour; queued mail is sent every few seconds, and sent mail deleted after two days.
 */
export function startSystemJobs(runtime: Runtime): void {
	const { db } = runtime.database;
	const removeFolder = createFolderRemover(runtime);
	repeat('retention', 12 * HOUR, () =>
		purgeClosedGroups(db, removeFolder).then(
			(ids) => ids.length && console.log(`[retention] deleted ${ids.length} closed group(s)`)
		)
	);
	repeat('rate-limits', HOUR, () => purgeRateLimits(db));
	// Local auth's expired links and held sign-ups (Supabase Auth keeps its own).
	if (runtime.config.mode !== 'supabase') repeat('sign-ups', HOUR, () => purgeExpiredSignUps(db));
	repeat('mail', 5 * SECOND, () => sendQueuedMail(db, runtime.config));
	repeat('mail-purge', HOUR, () => purgeMail(db));
}
