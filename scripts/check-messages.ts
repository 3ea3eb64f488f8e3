/**
 * Fails when the message catalogs drift apart: a key in one locale but not another, an empty
 * value, a `{param}` that one translation uses and another does not, or a key that is not
 * snake_case. Paraglide falls back to English silently, so this is the only thing that notices.
 *
 *   npx tsx scripts/check-messages.ts [--project ./project.inlang]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type Catalog = Record<string, unknown>;

export interface MessageProject {
	baseLocale: string;
	/** Every locale of the project, base first, each with its parsed message file. */
	catalogs: Record<string, Catalog>;
}

const KEY_PATTERN = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** `{name}` placeholders; `\{` is a literal brace, `{#tag}`/`{/tag}` markup is not a parameter. */
const PLACEHOLDER = /(?<!\\)\{\s*([A-Za-z_$][\w$]*)\s*\}/g;

interface Message {
	/** Every piece of translatable text in the message (one, or one per variant). */
	texts: string[];
	params: Set<string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function placeholders(text: string): string[] {
	return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/**
 * One message's texts and parameters. A message is a string, or (inlang message format) an
 * array of variant blocks `{ declarations: ['input count', 'local x = …'], selectors, match }`.
 */
function readMessage(value: unknown): Message | string {
	if (typeof value === 'string') {
		return { texts: [value], params: new Set(placeholders(value)) };
	}
	if (!Array.isArray(value)) return 'is neither a string nor a list of variants';
	const texts: string[] = [];
	const inputs = new Set<string>();
	const locals = new Set<string>();
	for (const block of value) {
		if (!isRecord(block) || !isRecord(block.match)) return 'has a variant without "match"';
		const declarations = Array.isArray(block.declarations) ? block.declarations : [];
		for (const declaration of declarations) {
			if (typeof declaration !== 'string') continue;
			const input = /^\s*input\s+([A-Za-z_$][\w$]*)/.exec(declaration);
			if (input?.[1]) inputs.add(input[1]);
			const local = /^\s*local\s+([A-Za-z_$][\w$]*)/.exec(declaration);
			if (local?.[1]) locals.add(local[1]);
		}
		for (const text of Object.values(block.match)) {
			if (typeof text !== 'string') return 'has a variant whose text is not a string';
			texts.push(text);
		}
	}
	const params = new Set(inputs);
	for (const text of texts) {
		for (const name of placeholders(text)) if (!locals.has(name)) params.add(name);
	}
	return { texts, params };
}

/** Flattens nested groups (`{ "a": { "b": "…" } }` → `a.b`) so they are reported, not skipped. */
function flatten(catalog: Catalog, prefix = ''): Map<string, unknown> {
	const entries = new Map<string, unknown>();
	for (const [key, value] of Object.entries(catalog)) {
		if (prefix === '' && key === '$schema') continue;
		const name = prefix ? `${prefix}.${key}` : key;
		if (isRecord(value)) {
			for (const [nested, inner] of flatten(value, name)) entries.set(nested, inner);
		} else {
			entries.set(name, value);
		}
	}
	return entries;
}

function describe(params: Set<string>): string {
	return params.size === 0
		? 'none'
		: [...params]
				.sort()
				.map((p) => `{${p}}`)
				.join(', ');
}

/** Every problem found, as one readable line each; an empty list means the catalogs agree. */
export function checkMessages(project: MessageProject): string[] {
	const problems: string[] = [];
	const { baseLocale } = project;
	const locales = Object.keys(project.catalogs);
	if (!locales.includes(baseLocale)) return [`base locale "${baseLocale}" has no message file`];

	const flat = new Map(locales.map((locale) => [locale, flatten(project.catalogs[locale] ?? {})]));
	const allKeys = new Set<string>();
	for (const entries of flat.values()) for (const key of entries.keys()) allKeys.add(key);

	for (const key of [...allKeys].sort()) {
		if (!KEY_PATTERN.test(key)) problems.push(`${key}: key is not snake_case (a-z, 0-9, _)`);

		const messages = new Map<string, Message>();
		for (const locale of locales) {
			const entries = flat.get(locale);
			if (!entries?.has(key)) {
				problems.push(`${key}: missing in "${locale}"`);
				continue;
			}
			const message = readMessage(entries.get(key));
			if (typeof message === 'string') {
				problems.push(`${key} (${locale}): ${message}`);
				continue;
			}
			if (message.texts.length === 0 || message.texts.some((text) => text.trim() === '')) {
				problems.push(`${key} (${locale}): empty value`);
			}
			messages.set(locale, message);
		}

		// Compare with the base locale, or (when the base lacks the key) the first that has it.
		const referenceLocale = messages.has(baseLocale) ? baseLocale : [...messages.keys()][0];
		const reference = referenceLocale === undefined ? undefined : messages.get(referenceLocale);
		if (!reference) continue;
		for (const [locale, message] of messages) {
			if (locale === referenceLocale) continue;
			const same =
				message.params.size === reference.params.size &&
				[...message.params].every((param) => reference.params.has(param));
			if (!same) {
				problems.push(
					`${key}: parameters differ — ${referenceLocale} has ${describe(reference.params)}, ` +
						`${locale} has ${describe(message.params)}`
				);
			}
		}
	}
	return problems;
}

interface InlangSettings {
	baseLocale?: unknown;
	locales?: unknown;
	'plugin.inlang.messageFormat'?: { pathPattern?: unknown };
}

/**
 * Reads an inlang project's settings and every locale's message file. `pathPattern` is resolved
 * from the directory that holds the `.inlang` folder (the repository root here).
 */
export async function loadMessageProject(projectDir: string): Promise<MessageProject> {
	const settingsPath = path.join(projectDir, 'settings.json');
	const settings = JSON.parse(await readFile(settingsPath, 'utf8')) as InlangSettings;
	const { baseLocale, locales } = settings;
	const pathPattern = settings['plugin.inlang.messageFormat']?.pathPattern;
	if (
		typeof baseLocale !== 'string' ||
		!Array.isArray(locales) ||
		typeof pathPattern !== 'string'
	) {
		throw new Error(`${settingsPath}: needs baseLocale, locales and a messageFormat pathPattern`);
	}
	const root = path.dirname(path.resolve(projectDir));
	const catalogs: Record<string, Catalog> = {};
	for (const locale of locales) {
		if (typeof locale !== 'string') throw new Error(`${settingsPath}: a locale is not a string`);
		const file = path.resolve(root, pathPattern.replaceAll('{locale}', locale));
		let parsed: unknown;
		try {
			parsed = JSON.parse(await readFile(file, 'utf8'));
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			throw new Error(`${path.relative(process.cwd(), file)}: cannot read messages: ${reason}`, {
				cause: error
			});
		}
		if (!isRecord(parsed)) throw new Error(`${file}: expected a JSON object of messages`);
		catalogs[locale] = parsed;
	}
	return { baseLocale, catalogs };
}

async function main(argv: string[]): Promise<number> {
	const flag = argv.indexOf('--project');
	const projectDir = flag >= 0 ? argv[flag + 1] : './project.inlang';
	if (!projectDir) {
		console.error('usage: tsx scripts/check-messages.ts [--project ./project.inlang]');
		return 2;
	}
	let project: MessageProject;
	try {
		project = await loadMessageProject(projectDir);
	} catch (error) {
		console.error(`check-messages: ${error instanceof Error ? error.message : String(error)}`);
		return 1;
	}
	const problems = checkMessages(project);
	const locales = Object.keys(project.catalogs).join(', ');
	if (problems.length > 0) {
		console.error(`check-messages: ${problems.length} problem(s) in the ${locales} messages:`);
		for (const problem of problems) console.error(`  - ${problem}`);
		return 1;
	}
	const count = flatten(project.catalogs[project.baseLocale] ?? {}).size;
	console.log(`check-messages: ${locales} agree (${count} message${count === 1 ? '' : 's'})`);
	return 0;
}

const script = process.argv[1];
if (script !== undefined && pathToFileURL(path.resolve(script)).href === import.meta.url) {
	process.exitCode = await main(process.argv.slice(2));
}
