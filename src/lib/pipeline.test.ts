import { describe, expect, it } from 'vitest';
import { allowedMoves, PIPELINES, statusForStage } from './pipeline';

describe('pipeline moves', () => {
	it('a city campaign in drafting may skip ahead up to adoption, or end', () => {
		const moves = allowedMoves('city', 'drafting', 'pending');
		expect(moves.stages).toEqual([
			'seeking_sponsor',
			'introduced',
			'in_committee',
			'committee_reported',
			'scheduled_for_vote',
			'adopted'
		]);
		expect(moves.ends).toEqual(['failed', 'withdrawn', 'tabled']);
	});

	it('refuses going back and jumping past adoption', () => {
		const moves = allowedMoves('county', 'in_committee', 'pending');
		expect(moves.stages).not.toContain('introduced');
		expect(moves.stages).not.toContain('in_committee');
		expect(moves.stages).not.toContain('signed');
		expect(moves.stages).not.toContain('implemented');
	});

	it('after adoption moves one stage at a time and cannot end', () => {
		expect(allowedMoves('city', 'adopted', 'adopted')).toEqual({ stages: ['signed'], ends: [] });
		expect(allowedMoves('city', 'signed', 'adopted')).toEqual({
			stages: ['implemented'],
			ends: []
		});
		expect(allowedMoves('city', 'implemented', 'adopted')).toEqual({ stages: [], ends: [] });
		expect(allowedMoves('school_district', 'adopted', 'adopted')).toEqual({
			stages: [],
			ends: []
		});
	});

	it('failed and withdrawn are final; tabled may be taken up again', () => {
		expect(allowedMoves('city', 'in_committee', 'failed')).toEqual({ stages: [], ends: [] });
		expect(allowedMoves('university', 'committee', 'withdrawn')).toEqual({ stages: [], ends: [] });
		const tabled = allowedMoves('school', 'first_reading', 'tabled');
		expect(tabled.stages).toEqual(['drafting', 'first_reading', 'second_reading', 'adopted']);
		expect(tabled.ends).toEqual(['failed', 'withdrawn']);
	});

	it('a campus vote is its adoption; sending it to the administration comes after', () => {
		expect(allowedMoves('student_government', 'committee', 'pending').stages).toEqual(['vote']);
		expect(allowedMoves('university', 'vote', 'adopted').stages).toEqual([
			'sent_to_administration'
		]);
		expect(statusForStage('university', 'vote')).toBe('adopted');
		expect(statusForStage('university', 'committee')).toBe('pending');
	});

	it('an imported adopted resolution without a stage counts as adopted', () => {
		expect(allowedMoves('city', null, 'adopted').stages).toEqual(['signed']);
		expect(allowedMoves('city', null, 'pending').stages[0]).toBe('drafting');
	});

	it('every stage of every body is reachable from no stage, one move at a time', () => {
		for (const [body, pipeline] of Object.entries(PIPELINES)) {
			const kind = { council: 'city', school_board: 'school_district', campus: 'university' }[
				body
			] as string;
			let stage: string | null = null;
			let status = 'pending';
			for (const next of pipeline.stages) {
				expect(allowedMoves(kind, stage, status).stages).toContain(next);
				stage = next;
				status = statusForStage(kind, next);
			}
		}
	});
});
