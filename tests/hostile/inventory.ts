// Every form action and every endpoint handler, read from src/routes itself, so a new one cannot
// escape the hostile-input suite: the coverage test fails until it has a fixture.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withoutMatchers } from '../helpers/route-inventory';

const ROUTES = resolve('src/routes');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type Handler = (event: never) => unknown;

export interface Entry {
	/**
	 * `/groups/[id] ?/ledger` for an action, `GET /api/map` for an endpoint, `LOAD /templates`
	 * for a page load that reads the query string (input as much as a form is).
	 */
	key: string;
	/** The route id without param matchers (`[slug=slug]` is `[slug]`), as the fixtures key it. */
	routeId: string;
	/** Each parameter that has a matcher (src/params), with the matcher's name. */
	matchers: Record<string, string>;
	kind: 'action' | 'endpoint' | 'load';
	method: string;
	handler: Handler;
}

interface RouteFile {
	file: string;
	routeId: string;
	matchers: Record<string, string>;
	endpoint: boolean;
}

function routeFiles(): RouteFile[] {
	const files = readdirSync(ROUTES, { recursive: true, encoding: 'utf8' });
	return files
		.filter((f) => f.endsWith('+page.server.ts') || f.endsWith('+server.ts'))
		.map((f) => {
			const dir = f.split(/[\\/]/).slice(0, -1).join('/');
			const { id, matchers } = withoutMatchers(`/${dir}`.replace(/\/$/, '') || '/');
			return { file: join(ROUTES, f), routeId: id, matchers, endpoint: f.endsWith('+server.ts') };
		})
		.sort((a, b) => a.routeId.localeCompare(b.routeId));
}

const readsQuery = (file: string) => readFileSync(file, 'utf8').includes('searchParams');

/** Every action and handler that takes input, keyed as the fixture table keys them. */
export async function inventory(): Promise<Entry[]> {
	const entries: Entry[] = [];
	for (const { file, routeId, matchers, endpoint } of routeFiles()) {
		const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
		if (endpoint) {
			for (const method of METHODS) {
				const handler = module[method];
				if (typeof handler === 'function') {
					const key = `${method} ${routeId}`;
					entries.push({
						key,
						routeId,
						matchers,
						kind: 'endpoint',
						method,
						handler: handler as Handler
					});
				}
			}
		} else {
			if (module.actions && typeof module.actions === 'object') {
				for (const [name, handler] of Object.entries(module.actions as Record<string, Handler>)) {
					const key = `${routeId} ?/${name}`;
					entries.push({ key, routeId, matchers, kind: 'action', method: 'POST', handler });
				}
			}
			if (typeof module.load === 'function' && readsQuery(file)) {
				const handler = module.load as Handler;
				entries.push({
					key: `LOAD ${routeId}`,
					routeId,
					matchers,
					kind: 'load',
					method: 'GET',
					handler
				});
			}
		}
	}
	return entries;
}
