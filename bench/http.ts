// Throughput and tail latency of the public, anonymous endpoints under load, with autocannon.
import autocannon from 'autocannon';
import { statusOf } from './server';

export interface LoadResult {
	rps: number;
	p99Ms: number;
	non2xx: number;
	/** Connection errors and timeouts: failures that never got a status. */
	errors: number;
}

const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 20);

/**
 * 50 connections for 20 s against one URL. Non-2xx answers and errors are counted and returned,
 * never dropped: a fast 500 is not throughput.
 */
export async function load(url: string): Promise<LoadResult> {
	const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
	return {
		rps: result.requests.average,
		p99Ms: result.latency.p99,
		non2xx: result.non2xx,
		errors: result.errors
	};
}

/** The target if it answers 200 now; otherwise why it is skipped. */
export async function probe(origin: string, path: string): Promise<string | null> {
	const status = await statusOf(origin, path);
	if (status === 200) return null;
	return status === 0 ? `${path} did not answer` : `${path} answered ${status}`;
}

export { CONNECTIONS, DURATION_S };
