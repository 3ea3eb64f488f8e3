// PostgreSQL restarted under load: the app must come back by itself (its pool drops the dead
// connections and opens new ones). The restart happens on a private PostgreSQL 15 cluster made
// for the run, never on a shared server: restarting that would break everyone else's work.
import { runLoad, type LoadStats, type Session } from './load';
import { type PrivateCluster } from './private-postgres';

export { startPrivateCluster, type PrivateCluster } from './private-postgres';

export interface RestartResult {
	/** From the restart command to the first success after which nothing failed. */
	recoverySeconds: number;
	/** How long the restart command itself took (PostgreSQL down and up again). */
	restartSeconds: number;
	/** Requests refused while PostgreSQL was away. */
	errorsDuring: number;
	stats: LoadStats;
}

/**
 * Load for `seconds`; at `restartAfterMs` PostgreSQL restarts. The app is not touched. Recovery
 * ends with the first successful request that started after the last failed one finished.
 */
export async function restartUnderLoad(
	origin: string,
	sessions: Session[],
	slugs: string[],
	cluster: PrivateCluster,
	options: { users: number; seconds: number; restartAfterMs: number }
): Promise<RestartResult> {
	const load = runLoad(origin, sessions, slugs, options);
	await new Promise((resolve) => setTimeout(resolve, options.restartAfterMs));
	const restartedAt = performance.now();
	await cluster.restart();
	const restartSeconds = (performance.now() - restartedAt) / 1000;
	const stats = await load;
	const after = stats.timeline.filter((event) => event.endedAt >= restartedAt);
	const failures = after.filter((event) => !event.ok);
	const lastFailure = Math.max(restartedAt, ...failures.map((event) => event.endedAt));
	const recovered = after
		.filter((event) => event.ok && event.startedAt >= lastFailure)
		.reduce((first, event) => Math.min(first, event.endedAt), Infinity);
	if (!Number.isFinite(recovered)) {
		throw new Error(
			`the app did not recover: ${failures.length} failures to the end (${stats.samples.join(' | ')})`
		);
	}
	return {
		recoverySeconds: (recovered - restartedAt) / 1000,
		restartSeconds,
		errorsDuring: failures.length,
		stats
	};
}
