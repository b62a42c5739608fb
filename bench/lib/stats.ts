/**
 * Small statistics for benchmark samples. Percentiles use the nearest-rank
 * method (the value of an actual sample, never an interpolation), so a p99 of
 * 500 samples is the 495th smallest.
 */

/** The p-th percentile (0 < p ≤ 100) of `samples` by nearest rank; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** The median; for an even count, the mean of the two middle samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
}

/** Count, min, median, p99 and max of a set of samples. */
export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    min: samples.length ? Math.min(...samples) : Number.NaN,
    p50: median(samples),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** Rounds to 3 significant digits (whole numbers stay whole), so small ratios and prices do not become 0. */
export function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** value / baseline, rounded; undefined when the baseline is zero or not a number. */
export function ratio(value: number, baseline: number): number | undefined {
  if (!Number.isFinite(baseline) || baseline === 0 || !Number.isFinite(value)) return undefined;
  return round(value / baseline);
}
