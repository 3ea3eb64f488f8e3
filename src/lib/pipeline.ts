/**
 * The vocabulary of resolutions: public outcomes (`status`), kinds of place, and the pipeline of
 * stages each kind of body goes through. Shared by server and browser; the database checks the
 * same values (supabase/migrations).
 */

export const STATUSES = [
	'pending',
	'adopted',
	'consent_letter',
	'failed',
	'withdrawn',
	'tabled'
] as const;
export type Status = (typeof STATUSES)[number];

/** What the map draws: three outcomes the public tells apart at a glance, plus consent letters. */
export type StatusGroup = 'passed' | 'pending' | 'failed' | 'letter';
export const STATUS_GROUP: Record<Status, StatusGroup> = {
	adopted: 'passed',
	consent_letter: 'letter',
	pending: 'pending',
	failed: 'failed',
	withdrawn: 'failed',
	tabled: 'failed'
};

/** Outcomes that end a campaign without adoption: shown apart from the progress bar. */
export const END_STATES = ['failed', 'withdrawn', 'tabled'] as const satisfies readonly Status[];

export const PLACE_KINDS = [
	'city',
	'county',
	'state',
	'school_district',
	'school',
	'university',
	'student_government'
] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export type BodyType = 'council' | 'school_board' | 'campus';

export const BODY_TYPE: Record<PlaceKind, BodyType> = {
	city: 'council',
	county: 'council',
	state: 'council',
	school_district: 'school_board',
	school: 'school_board',
	university: 'campus',
	student_government: 'campus'
};

/** Stages in order; the one marked `adoption` is where the body said yes. */
export const PIPELINES: Record<BodyType, { stages: readonly string[]; adoption: string }> = {
	council: {
		stages: [
			'drafting',
			'seeking_sponsor',
			'introduced',
			'in_committee',
			'committee_reported',
			'scheduled_for_vote',
			'adopted',
			'signed',
			'implemented'
		],
		adoption: 'adopted'
	},
	school_board: {
		stages: ['drafting', 'first_reading', 'second_reading', 'adopted'],
		adoption: 'adopted'
	},
	campus: {
		stages: ['drafting', 'introduced', 'committee', 'vote', 'sent_to_administration'],
		adoption: 'vote'
	}
};

export function pipelineFor(kind: string) {
	return PIPELINES[BODY_TYPE[kind as PlaceKind] ?? 'council'];
}

/**
 * How far along the pipeline a resolution is, 0-based, for the progress bar. A resolution adopted
 * without a recorded stage counts as having reached adoption; one with no stage and no outcome
 * has not started.
 */
export function stageIndex(kind: string, stage: string | null, status: string): number {
	const pipeline = pipelineFor(kind);
	const index = stage ? pipeline.stages.indexOf(stage) : -1;
	if (index >= 0) return index;
	if (status === 'adopted') return pipeline.stages.indexOf(pipeline.adoption);
	return -1;
}

export type EndState = (typeof END_STATES)[number];

export function isEndState(status: string): status is EndState {
	return (END_STATES as readonly string[]).includes(status);
}

/** Where a campaign may go next: later stages and, before adoption, an end state. */
export interface AllowedMoves {
	stages: string[];
	ends: EndState[];
}

/**
 * The pipeline's rules. Before adoption a campaign may skip ahead (bodies often skip a committee)
 * up to the adoption stage, or end (failed, withdrawn, tabled). After adoption it moves one stage
 * at a time (adopted → signed → implemented) and can no longer end. Failed and withdrawn are
 * final; a tabled resolution may be taken up again at any stage up to adoption.
 */
export function allowedMoves(kind: string, stage: string | null, status: string): AllowedMoves {
	const pipeline = pipelineFor(kind);
	const adoption = pipeline.stages.indexOf(pipeline.adoption);
	if (status === 'failed' || status === 'withdrawn') return { stages: [], ends: [] };
	if (status === 'tabled') {
		return { stages: pipeline.stages.slice(0, adoption + 1), ends: ['failed', 'withdrawn'] };
	}
	const current = stageIndex(kind, stage, status);
	if (current >= adoption) {
		const next = pipeline.stages[current + 1];
		return { stages: next ? [next] : [], ends: [] };
	}
	return { stages: pipeline.stages.slice(current + 1, adoption + 1), ends: [...END_STATES] };
}

/** The public outcome a stage implies: adopted from the adoption stage on, else pending. */
export function statusForStage(kind: string, stage: string): 'adopted' | 'pending' {
	const pipeline = pipelineFor(kind);
	return pipeline.stages.indexOf(stage) >= pipeline.stages.indexOf(pipeline.adoption)
		? 'adopted'
		: 'pending';
}
