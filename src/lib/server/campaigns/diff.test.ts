import { describe, expect, it } from 'vitest';
import { adaptedCount, diffClauses, splitClauses } from './diff';

const TEMPLATE = `# A Resolution Welcoming Refugees

WHEREAS Springfield has welcomed refugees since 1975; and

WHEREAS refugees contribute to our economy; and

NOW, THEREFORE, BE IT RESOLVED that the Council welcomes refugees.

- one
- two`;

describe('clause diff', () => {
	it('splits paragraphs and list items', () => {
		expect(splitClauses(TEMPLATE)).toHaveLength(6);
	});

	it('an unchanged text has no adapted clause, whatever the spacing', () => {
		const changes = diffClauses(
			TEMPLATE,
			TEMPLATE.replace(/\n\n/g, '\n\n\n').replace(/ the /g, '  the ')
		);
		expect(adaptedCount(changes)).toBe(0);
		expect(changes.every((change) => change.kind === 'same')).toBe(true);
	});

	it('a marked blank filled in is not an adaptation', () => {
		const draft = TEMPLATE.replace('since 1975', 'since [year of arrival]');
		expect(adaptedCount(diffClauses(draft, TEMPLATE))).toBe(0);
		expect(adaptedCount(diffClauses(draft, draft.replace('since', 'ever since')))).toBe(1);
	});

	it('pairs an edited clause as changed, and tells added and removed apart', () => {
		const current = TEMPLATE.replace('since 1975', 'since 1980')
			.replace('WHEREAS refugees contribute to our economy; and\n\n', '')
			.replace('- two', '- two\n\nBE IT FURTHER RESOLVED that the Clerk send copies.');
		const changes = diffClauses(TEMPLATE, current);
		expect(changes.map((change) => change.kind)).toEqual([
			'same',
			'changed',
			'removed',
			'same',
			'same',
			'same',
			'added'
		]);
		expect(changes[1]).toMatchObject({
			template: expect.stringContaining('1975'),
			current: expect.stringContaining('1980')
		});
		expect(adaptedCount(changes)).toBe(3);
	});

	it('an empty campaign text removes every clause', () => {
		expect(adaptedCount(diffClauses(TEMPLATE, ''))).toBe(6);
	});
});
