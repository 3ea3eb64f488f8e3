import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_ACTIONS, activityLabel } from './group-activity';
import { TASK_STATUSES } from './groups';
import { overwriteGetLocale } from './paraglide/runtime';

/** The action codes private.log_group_activity writes ('task_' + a status is built). */
function codesTheDatabaseWrites(): string[] {
	const sql = readFileSync('supabase/migrations/20261203001500_group_activity.sql', 'utf8');
	const literals = [...sql.matchAll(/(?:then|else|\[\[|\[)\s*'([a-z_]+)'/g)].map((m) => m[1]!);
	const codes = literals.filter((code) => /^[a-z]+(_[a-z]+)+$/.test(code));
	return [...new Set([...codes, ...TASK_STATUSES.map((status) => `task_${status}`)])].sort();
}

describe('group activity labels', () => {
	it('name every action the database logs, and nothing else', () => {
		expect([...ACTIVITY_ACTIONS].sort()).toEqual(codesTheDatabaseWrites());
	});

	it('say it in the reader language', () => {
		overwriteGetLocale(() => 'es');
		expect(activityLabel('ledger_entry_edited')).toBe('editó una entrada del presupuesto');
		overwriteGetLocale(() => 'en');
		expect(activityLabel('member_removed')).toBe('removed a member');
		expect(activityLabel('something_new')).toBe('something new');
	});
});
