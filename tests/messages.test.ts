import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMessages, loadMessageProject, type Catalog } from '../scripts/check-messages';

const run = promisify(execFile);
const schema = 'https://inlang.com/schema/inlang-message-format';

/** A catalog pair with one of each kind of mistake the check must catch. */
const bad: Record<string, Catalog> = {
	en: {
		$schema: schema,
		greeting: 'Hello, {name}',
		only_english: 'Only here',
		empty_in_spanish: 'Not empty',
		count: [
			{
				declarations: ['input count', 'local countPlural = count: plural'],
				selectors: ['countPlural'],
				match: { 'countPlural=one': 'One group', 'countPlural=other': '{count} groups' }
			}
		],
		'Bad.Key': 'Shouted'
	},
	es: {
		$schema: schema,
		greeting: 'Hola, {nombre}',
		empty_in_spanish: '  ',
		count: [
			{
				declarations: ['input count', 'local countPlural = count: plural'],
				selectors: ['countPlural'],
				match: { 'countPlural=one': 'Un grupo', 'countPlural=other': '{count} grupos' }
			}
		],
		only_spanish: 'Solo aquí',
		'Bad.Key': 'Gritando'
	}
};

describe('checkMessages', () => {
	it('passes on the real message files', async () => {
		const project = await loadMessageProject('./project.inlang');
		expect(Object.keys(project.catalogs)).toEqual(['en', 'es']);
		expect(checkMessages(project)).toEqual([]);
	});

	it('reports missing keys, empty values, differing params and bad key names', () => {
		const problems = checkMessages({ baseLocale: 'en', catalogs: bad });
		expect(problems).toEqual(
			expect.arrayContaining([
				'only_english: missing in "es"',
				'only_spanish: missing in "en"',
				'empty_in_spanish (es): empty value',
				'greeting: parameters differ — en has {name}, es has {nombre}',
				'Bad.Key: key is not snake_case (a-z, 0-9, _)'
			])
		);
		expect(problems).toHaveLength(5);
		// Variants with the same inputs agree, whatever their wording.
		expect(problems.some((p) => p.startsWith('count'))).toBe(false);
	});

	it('treats escaped braces as text, not parameters', () => {
		const problems = checkMessages({
			baseLocale: 'en',
			catalogs: { en: { braces: 'Use \\{curly\\} braces' }, es: { braces: 'Use llaves' } }
		});
		expect(problems).toEqual([]);
	});
});

describe('scripts/check-messages.ts', () => {
	const dirs: string[] = [];
	afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

	async function fixture(catalogs: Record<string, Catalog>): Promise<string> {
		const root = await mkdtemp(path.join(tmpdir(), 'check-messages-'));
		dirs.push(root);
		await mkdir(path.join(root, 'project.inlang'));
		await mkdir(path.join(root, 'messages'));
		const settings = {
			baseLocale: 'en',
			locales: Object.keys(catalogs),
			'plugin.inlang.messageFormat': { pathPattern: './messages/{locale}.json' }
		};
		await writeFile(path.join(root, 'project.inlang', 'settings.json'), JSON.stringify(settings));
		for (const [locale, catalog] of Object.entries(catalogs)) {
			await writeFile(path.join(root, 'messages', `${locale}.json`), JSON.stringify(catalog));
		}
		return path.join(root, 'project.inlang');
	}

	const cli = (project: string) =>
		run(process.execPath, ['--import', 'tsx', 'scripts/check-messages.ts', '--project', project]);

	it('exits 1 and names the problems on a bad fixture', async () => {
		const project = await fixture(bad);
		const failure = await cli(project).then(
			() => null,
			(error: unknown) => error as { code?: number; stderr?: string }
		);
		expect(failure?.code).toBe(1);
		expect(failure?.stderr).toContain('only_english: missing in "es"');
	});

	it('exits 0 on agreeing catalogs', async () => {
		const project = await fixture({ en: { hello: 'Hi {name}' }, es: { hello: 'Hola, {name}' } });
		const { stdout } = await cli(project);
		expect(stdout).toContain('en, es agree (1 message)');
	});
});
