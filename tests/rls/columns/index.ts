// Every table's declaration, from every area: what tests/rls/columns.test.ts runs.
import type { Declarations } from '../../helpers/column-matrix';
import { campaignTables } from './campaigns';
import { groupTables } from './groups';
import { publicTables } from './public';
import { reportTables } from './reports';
import { templateTables } from './templates';
import { urgentTables } from './urgent';
import type { World } from './world';

const AREAS = [
	groupTables,
	campaignTables,
	publicTables,
	reportTables,
	templateTables,
	urgentTables
];

function combine(areas: Declarations<World>[]): Declarations<World> {
	const all: Declarations<World> = {};
	for (const area of areas) {
		for (const [table, declaration] of Object.entries(area)) {
			if (all[table]) throw new Error(`${table} is declared twice`);
			all[table] = declaration;
		}
	}
	return all;
}

export const COLUMN_DECLARATIONS = combine(AREAS);
