/**
 * Templates and their versions under the caller's claims: RLS lets everyone read published
 * templates and only site admins write. A version is never changed; editing adds one.
 */
import { sql } from 'kysely';
import type { Tx } from '../db';
import type { TemplateVariable } from '../../templates/values';
import {
	factsSchema,
	variablesSchema,
	type TemplateBodyType,
	type TemplateFact,
	type TemplateKind,
	type TemplateLanguage,
	type VersionContent
} from './schema';

export interface LibraryFilters {
	body_type: TemplateBodyType[];
	language: TemplateLanguage[];
	kind: TemplateKind[];
}

export interface TemplateSummary {
	id: string;
	slug: string;
	body_type: TemplateBodyType;
	language: TemplateLanguage;
	kind: TemplateKind;
	published: boolean;
	version: number;
	title: string;
	reviewed_on: string;
	/** Published resolutions filled from any version of this template. */
	used_by: number;
}

export interface TemplateVersion {
	id: string;
	version: number;
	title: string;
	body: string;
	variables: TemplateVariable[];
	facts: TemplateFact[];
	reviewed_on: string;
	change_note: string | null;
	created_at: Date;
}

const latestVersion = sql<number>`(select max(v2.version) from public.template_versions v2
	where v2.template_id = t.id)`;

const usedBy = sql<number>`(select count(*)::int from public.resolutions r
	join public.template_versions rv on rv.id = r.template_version_id
	where rv.template_id = t.id and r.visibility = 'published')`;

/** The library: each template at its latest version, with how many resolutions used it. */
export async function listTemplates(tx: Tx, filters: LibraryFilters): Promise<TemplateSummary[]> {
	let query = tx
		.selectFrom('templates as t')
		.innerJoin('template_versions as v', (join) =>
			join.onRef('v.template_id', '=', 't.id').on('v.version', '=', latestVersion)
		)
		.select([
			't.id',
			't.slug',
			't.body_type',
			't.language',
			't.kind',
			't.published',
			'v.version',
			'v.title',
			'v.reviewed_on',
			usedBy.as('used_by')
		]);
	if (filters.body_type.length) query = query.where('t.body_type', 'in', filters.body_type);
	if (filters.language.length) query = query.where('t.language', 'in', filters.language);
	if (filters.kind.length) query = query.where('t.kind', 'in', filters.kind);
	const rows = await query
		.orderBy('t.kind')
		.orderBy(
			sql`array_position(array['city_council','county_board','school_board','university','student_government'], t.body_type)`
		)
		.orderBy('t.language')
		.orderBy('t.slug')
		.execute();
	return rows as TemplateSummary[];
}

export async function getTemplate(tx: Tx, slug: string) {
	const template = await tx
		.selectFrom('templates as t')
		.select([
			't.id',
			't.slug',
			't.body_type',
			't.language',
			't.kind',
			't.published',
			usedBy.as('used_by')
		])
		.where('t.slug', '=', slug)
		.executeTakeFirst();
	if (!template) return undefined;
	const versions = await tx
		.selectFrom('template_versions')
		.select([
			'id',
			'version',
			'title',
			'body',
			'variables',
			'facts',
			'reviewed_on',
			'change_note',
			'created_at'
		])
		.where('template_id', '=', template.id)
		.orderBy('version', 'desc')
		.execute();
	const history: TemplateVersion[] = versions.map((row) => ({
		...row,
		// Written only through versionContentSchema; parsed again so a bad row fails loudly here.
		variables: variablesSchema.parse(row.variables),
		facts: factsSchema.parse(row.facts)
	}));
	const [latest] = history;
	if (!latest) return undefined;
	return {
		...(template as Omit<TemplateSummary, 'version' | 'title' | 'reviewed_on'>),
		latest,
		history
	};
}

export type TemplateDetail = NonNullable<Awaited<ReturnType<typeof getTemplate>>>;

/** Adds a version (admins only, by RLS); the number is the next one for the template. */
export async function addVersion(
	tx: Tx,
	templateId: string,
	userId: string,
	content: VersionContent & { change_note?: string | null }
): Promise<number> {
	const row = await tx
		.insertInto('template_versions')
		.values({
			template_id: templateId,
			version: sql<number>`(select coalesce(max(version), 0) + 1 from public.template_versions
				where template_id = ${templateId})`,
			title: content.title,
			body: content.body,
			variables: JSON.stringify(content.variables),
			facts: JSON.stringify(content.facts),
			reviewed_on: content.reviewed_on,
			change_note: content.change_note || null
		})
		.returning('version')
		.executeTakeFirstOrThrow();
	return row.version;
}

export async function setPublished(tx: Tx, templateId: string, published: boolean) {
	await tx.updateTable('templates').set({ published }).where('id', '=', templateId).execute();
}

/** Published resolutions that used the template, with their place, for the "used by" list. */
export async function resolutionsUsingTemplate(tx: Tx, templateId: string) {
	return tx
		.selectFrom('resolutions as r')
		.innerJoin('template_versions as v', 'v.id', 'r.template_version_id')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.select([
			'r.id',
			'r.slug',
			'r.title',
			'r.status',
			'v.version',
			'p.name as place_name',
			'p.kind as place_kind',
			'p.state_code'
		])
		.where('v.template_id', '=', templateId)
		.where('r.visibility', '=', 'published')
		.orderBy('p.state_code')
		.orderBy('p.name')
		.execute();
}

/**
 * Ids of the published resolutions filled from a template (any version): for the map's template
 * filter, which the map owns.
 */
export async function resolutionIdsForTemplate(tx: Tx, templateSlug: string): Promise<string[]> {
	const rows = await tx
		.selectFrom('resolutions as r')
		.innerJoin('template_versions as v', 'v.id', 'r.template_version_id')
		.innerJoin('templates as t', 't.id', 'v.template_id')
		.select('r.id')
		.where('t.slug', '=', templateSlug)
		.where('r.visibility', '=', 'published')
		.execute();
	return rows.map((row) => row.id);
}

/** Places a campaign from this body type may target (existing ones, for the picker). */
export async function placesForKinds(tx: Tx, kinds: readonly string[]) {
	if (kinds.length === 0) return [];
	return tx
		.selectFrom('places')
		.select(['id', 'name', 'kind', 'state_code'])
		.where('kind', 'in', kinds)
		.orderBy('state_code')
		.orderBy('name')
		.limit(2000)
		.execute();
}

/** Whether the caller is a site admin (decides whether to offer the edit page; RLS enforces). */
export async function isSiteAdmin(tx: Tx): Promise<boolean> {
	const { rows } = await sql<{ admin: boolean }>`select private.is_site_admin() as admin`.execute(
		tx
	);
	return rows[0]?.admin === true;
}
