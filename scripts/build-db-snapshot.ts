// Builds the PGlite snapshots of the current migrations and seed (src/lib/server/db/snapshot.ts):
// 'demo' for the first start of the embedded app, 'schema' for the test databases. `npm install`
// runs it (the `prepare` script); it does nothing when the snapshots are current.
import { ensureSnapshot, type SnapshotContent } from '../src/lib/server/db/snapshot';

const contents: SnapshotContent[] = ['demo', 'schema'];
for (const content of contents) {
	const started = performance.now();
	const file = await ensureSnapshot('supabase', content);
	console.log(`[snapshot] ${content}: ${file} (${Math.round(performance.now() - started)} ms)`);
}
