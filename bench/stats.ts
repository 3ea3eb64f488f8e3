export function percentile(samples: number[], p: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, index)] ?? NaN;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
