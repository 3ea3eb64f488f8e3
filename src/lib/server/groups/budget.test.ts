import { describe, expect, it } from 'vitest';
import { phaseOf } from '$lib/groups';
import { budgetStatus, ledgerEntrySchema } from './budget';
import { requiredFunding, type Program } from './programs';

const program = (overrides: Partial<Program> = {}): Program => ({
	id: 'welcome_corps',
	name: 'Welcome Corps',
	currency: 'USD',
	minMembers: 5,
	fundingBaseCents: 0,
	fundingPerPersonCents: 242_500,
	fundingTable: null,
	cashSharePercent: 60,
	supportDays: 90,
	status: 'paused',
	statusNote: null,
	eligibility: [],
	...overrides
});

describe('requiredFunding', () => {
	it('applies a per-person rule', () => {
		expect(requiredFunding(program(), 4)).toBe(970_000);
		expect(requiredFunding(program(), 0)).toBe(242_500); // at least one person
	});

	it('applies a table by household size, with an amount per extra person', () => {
		const table = program({
			fundingPerPersonCents: 0,
			fundingTable: { '1': 1_660_000, '2': 2_710_000, '6': 3_880_000, extra: 300_000 }
		});
		expect(requiredFunding(table, 1)).toBe(1_660_000);
		expect(requiredFunding(table, 3)).toBe(3_880_000); // the next size listed
		expect(requiredFunding(table, 8)).toBe(3_880_000 + 2 * 300_000);
	});

	it('adds a fixed base', () => {
		expect(
			requiredFunding(program({ fundingBaseCents: 900_000, fundingPerPersonCents: 0 }), 5)
		).toBe(900_000);
	});
});

describe('budgetStatus', () => {
	it('counts cash and pledges toward the minimum, and only cash toward its cash share', () => {
		const status = budgetStatus(
			[
				{ kind: 'donation', amount_cents: 300_000 },
				{ kind: 'expense', amount_cents: 50_000 },
				{ kind: 'pledge', amount_cents: 400_000 },
				{ kind: 'in_kind', amount_cents: 99_000 }
			],
			program(),
			2
		);
		expect(status.required).toBe(485_000);
		expect(status.cash).toBe(250_000);
		expect(status.secured).toBe(650_000);
		expect(status.missing).toBe(0);
		expect(status.requiredCash).toBe(291_000);
		expect(status.missingCash).toBe(41_000);
		expect(status.percent).toBe(100);
	});

	it('never reports negative cash as secured', () => {
		const status = budgetStatus([{ kind: 'expense', amount_cents: 10_000 }], program(), 1);
		expect(status.secured).toBe(0);
		expect(status.missing).toBe(242_500);
		expect(status.percent).toBe(0);
	});
});

describe('ledgerEntrySchema', () => {
	const parse = (amount: string) =>
		ledgerEntrySchema.safeParse({
			kind: 'donation',
			amount,
			description: 'x',
			occurred_on: '2026-01-01'
		});

	it('reads decimal amounts into integer cents', () => {
		expect(parse('1,250.50').data?.amount).toBe(125_050);
		expect(parse('0.1').data?.amount).toBe(10);
	});

	it('refuses zero, negative, over-precise and non-numeric amounts', () => {
		for (const bad of ['0', '-5', '1.001', 'abc', '', '1e5', '9999999999']) {
			expect(parse(bad).success, bad).toBe(false);
		}
	});
});

describe('phaseOf', () => {
	it('places tasks by days from arrival', () => {
		expect([-1, 0, 1, 7, 8, 30, 31, null].map(phaseOf)).toEqual([
			'before',
			'arrival',
			'week',
			'week',
			'month',
			'month',
			'later',
			'undated'
		]);
	});
});
