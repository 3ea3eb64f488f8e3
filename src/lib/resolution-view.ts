/**
 * How a resolution's page presents its place in its body's pipeline. The progress bar shows only
 * stages actually reached: a resolution that failed, was withdrawn or tabled keeps the stage it
 * got to, and its outcome is shown apart, so "approved by committee" never reads as "adopted".
 * Consent letters are not voted through a pipeline and get none.
 */
import { m } from '$lib/paraglide/messages';
import { END_STATES, pipelineFor, stageIndex } from './pipeline';

const STAGE_LABELS: Record<string, () => string> = {
	drafting: () => m.resolution_stage_drafting(),
	seeking_sponsor: () => m.resolution_stage_seeking_sponsor(),
	introduced: () => m.resolution_stage_introduced(),
	in_committee: () => m.resolution_stage_in_committee(),
	committee_reported: () => m.resolution_stage_committee_reported(),
	scheduled_for_vote: () => m.resolution_stage_scheduled_for_vote(),
	adopted: () => m.resolution_stage_adopted(),
	signed: () => m.resolution_stage_signed(),
	implemented: () => m.resolution_stage_implemented(),
	first_reading: () => m.resolution_stage_first_reading(),
	second_reading: () => m.resolution_stage_second_reading(),
	committee: () => m.resolution_stage_committee(),
	vote: () => m.resolution_stage_vote(),
	sent_to_administration: () => m.resolution_stage_sent_to_administration()
};

export const stageLabel = (stage: string) => STAGE_LABELS[stage]?.() ?? stage;

export function provenanceLabel(provenance: string): string {
	if (provenance === 'seed') return m.resolution_provenance_seed();
	if (provenance === 'report') return m.resolution_provenance_report();
	if (provenance === 'import') return m.resolution_provenance_import();
	return m.resolution_provenance_organizer();
}

export type StepState = 'done' | 'current' | 'upcoming';

export interface Progress {
	steps: { stage: string; state: StepState }[];
	/** 0-based index of the stage reached; -1 when none is recorded. */
	current: number;
	/** failed, withdrawn or tabled: shown beside the bar, never as a stage of it. */
	endState: string | null;
}

/** The progress bar of a resolution, or null for a consent letter (no pipeline). */
export function progressOf(kind: string, stage: string | null, status: string): Progress | null {
	if (status === 'consent_letter') return null;
	const { stages } = pipelineFor(kind);
	const current = stageIndex(kind, stage, status);
	return {
		steps: stages.map((name, index) => ({
			stage: name,
			state: index < current ? 'done' : index === current ? 'current' : 'upcoming'
		})),
		current,
		endState: (END_STATES as readonly string[]).includes(status) ? status : null
	};
}
