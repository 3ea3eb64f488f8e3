// topojson-server ships no types (and @types/topojson-server is not installed): the one call we make.
declare module 'topojson-server' {
	import type { Topology } from 'topojson-specification';
	export function topology(objects: Record<string, unknown>, quantization?: number): Topology;
}
