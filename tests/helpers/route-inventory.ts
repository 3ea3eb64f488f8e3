// Every route of the app, read from src/routes, so a test that walks them cannot miss a new one:
// pages (+page.svelte / +page.server.ts), endpoints (+server.ts) and the form actions of each page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const ROUTES_DIR = 'src/routes';
const PARAMS_DIR = 'src/params';

export interface Route {
	/**
	 * SvelteKit's route id without param matchers, e.g. `/groups/[id]/documents/[documentId]` (the
	 * folder `[slug=slug]` is `[slug]` here), so that adding a matcher does not rename the route.
	 */
	id: string;
	/** Each parameter that has a matcher (src/params), with the matcher's name. */
	matchers: Record<string, string>;
	page: boolean;
	/** HTTP methods an +server.ts exports. */
	methods: string[];
	/** Names of the form actions an +page.server.ts exports (`default` included). */
	actions: string[];
}

const ROUTE_FILES = ['+page.svelte', '+page.server.ts', '+server.ts'];

export function discoverRoutes(root = ROUTES_DIR): Route[] {
	const dirs = new Set<string>();
	for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
		if (entry.isFile() && ROUTE_FILES.includes(entry.name)) dirs.add(entry.parentPath);
	}
	return [...dirs].map((dir) => describeRoute(root, dir)).sort((a, b) => a.id.localeCompare(b.id));
}

function describeRoute(root: string, dir: string): Route {
	const rel = relative(root, dir).split(sep).filter(Boolean);
	// Groups like `(app)` do not appear in the URL.
	const withMatchers = '/' + rel.filter((part) => !/^\(.*\)$/.test(part)).join('/');
	const { id, matchers } = withoutMatchers(withMatchers);
	const server = join(dir, '+server.ts');
	const pageServer = join(dir, '+page.server.ts');
	return {
		id,
		matchers,
		page: existsSync(join(dir, '+page.svelte')) || existsSync(pageServer),
		methods: existsSync(server) ? exportedMethods(readFileSync(server, 'utf8')) : [],
		actions: existsSync(pageServer) ? actionNames(pageServer) : []
	};
}

/** `/a/[slug=slug]/[id]` → `/a/[slug]/[id]` and `{ slug: 'slug' }`. */
export function withoutMatchers(routeId: string): { id: string; matchers: Record<string, string> } {
	const matchers: Record<string, string> = {};
	const id = routeId.replace(
		/\[(\.\.\.)?(\w+)=(\w+)\]/g,
		(_, rest: string | undefined, name: string, matcher: string) => {
			matchers[name] = matcher;
			return `[${rest ?? ''}${name}]`;
		}
	);
	return { id, matchers };
}

/**
 * Whether a parameter value gets past the route's matcher (`src/params/<name>.ts`), as SvelteKit's
 * router decides before anything of the route runs: a value it refuses is a 404.
 */
export async function matchesParams(
	matchers: Record<string, string>,
	params: Record<string, string>
): Promise<boolean> {
	for (const [param, matcher] of Object.entries(matchers)) {
		const module = (await import(/* @vite-ignore */ resolve(PARAMS_DIR, `${matcher}.ts`))) as {
			match: (value: string) => boolean;
		};
		if (!module.match(params[param] ?? '')) return false;
	}
	return true;
}

function exportedMethods(source: string): string[] {
	const found = source.matchAll(
		/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|fallback)\b/g
	);
	return [...new Set([...found].map((match) => match[1] as string))];
}

/**
 * The keys of `export const actions = { … }`: one per line at one tab of indentation (Prettier's
 * layout), with `...spread` objects followed into the module they are imported from. Anything
 * this cannot read throws, so the test fails rather than skipping actions it did not see.
 */
export function actionNames(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	if (!/export const actions\b/.test(source)) return [];
	return objectKeys(file, source, 'actions');
}

function objectKeys(file: string, source: string, name: string): string[] {
	const start = source.search(new RegExp(`export const ${name}\\b[^=]*=\\s*\\{`));
	if (start < 0) throw new Error(`${file}: cannot find \`export const ${name} = {\``);
	// `};`, or `} satisfies Actions;` as DESIGN.md asks of action objects.
	const end = source.slice(start).search(/\n\}( satisfies \w+)?;/);
	if (end < 0) throw new Error(`${file}: cannot find the end of \`${name}\``);
	const body = source.slice(start, start + end);
	const keys: string[] = [];
	for (const match of body.matchAll(/^\t(?:\.\.\.(\w+),?|(\w+)\s*[:(,])/gm)) {
		if (match[2]) {
			keys.push(match[2]);
			continue;
		}
		const spread = match[1] as string;
		const from = new RegExp(`import\\s*\\{[^}]*\\b${spread}\\b[^}]*\\}\\s*from\\s*'(\\.[^']+)'`);
		const imported = source.match(from)?.[1];
		if (!imported) throw new Error(`${file}: cannot follow \`...${spread}\``);
		const target = join(dirname(file), imported.endsWith('.ts') ? imported : `${imported}.ts`);
		keys.push(...objectKeys(target, readFileSync(target, 'utf8'), spread));
	}
	if (keys.length === 0) throw new Error(`${file}: no keys found in \`${name}\``);
	return keys;
}

/** The route's URL with each `[param]` / `[...rest]` replaced; a missing value throws. */
export function concreteUrl(id: string, params: Record<string, string> | undefined): string {
	return id.replace(/\[(\.\.\.)?(\w+)(?:=\w+)?\]/g, (_, rest: string | undefined, name: string) => {
		const value = params?.[name];
		if (value === undefined) throw new Error(`no fixture for [${name}] in ${id}`);
		// A rest parameter spans segments: its slashes stay.
		return rest ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
	});
}
