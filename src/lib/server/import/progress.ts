import type { ProgressPhase } from './import';

/**
 * How far a running import has got, for the page's progress bar to poll. The import itself is
 * one transaction, so its progress is invisible to other connections: it is kept here, in this
 * process's memory, keyed by a random job id the browser chose, readable only by the admin who
 * runs it, and forgotten after ten minutes. Behind a load balancer a poll may reach another
 * process and learn nothing; the bar then just waits for the answer (the import is unaffected).
 */
interface Job {
	owner: string;
	phase: ProgressPhase;
	done: number;
	total: number;
	at: number;
}

const jobs = new Map<string, Job>();
const TTL_MS = 10 * 60 * 1000;
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function reportProgress(
	job: string,
	owner: string,
	phase: ProgressPhase,
	done: number,
	total: number
): void {
	const now = Date.now();
	const current = jobs.get(job);
	if (current && current.owner !== owner) return;
	jobs.set(job, { owner, phase, done, total, at: now });
	for (const [id, entry] of jobs) if (now - entry.at > TTL_MS) jobs.delete(id);
}

export function readProgress(job: string, owner: string) {
	const entry = jobs.get(job);
	if (!entry || entry.owner !== owner) return null;
	return { phase: entry.phase, done: entry.done, total: entry.total };
}
