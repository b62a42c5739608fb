/**
 * The shape every benchmark suite returns. `npm run bench` (bench/run.mjs) runs
 * the suites, then writes bench/RESULTS.md and bench/results.json from these.
 * Every figure that makes a claim carries a ratio against a baseline measured
 * in the same run.
 */
export interface BenchRow {
  label: string;
  value: number;
  unit: string;
  /** value / baseline value, when this row has a baseline. */
  ratio?: number;
  /** Name of the baseline the ratio is against. */
  baseline?: string;
}

export interface BenchSection {
  id: string;
  title: string;
  /** How it was measured, in a sentence or two. */
  method: string;
  rows: BenchRow[];
  notes?: string[];
  /**
   * Claims that did not hold (errors where there must be none, a lost agent).
   * The figures are still reported; the runner lists these and exits non-zero.
   */
  problems?: string[];
}

export type BenchSuite = () => Promise<BenchSection[]>;
