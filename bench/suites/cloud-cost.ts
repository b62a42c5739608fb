/**
 * Monthly Google Cloud cost of the deployed platform, at rest and with 1,000 agents
 * each running once a day, computed from list prices and the sizes Terraform
 * configures, against a named baseline: one Cloud Scheduler job per agent calling
 * runAgent directly (no sweeper, no Tasks queue).
 *
 * Nothing here calls Google: it is arithmetic over the prices below, each with its
 * source, and over the function sizes parsed from terraform/modules/platform/locals.tf.
 * Usage figures that only a real deployment can measure (seconds per run, reads per
 * run) are stated as assumptions in the section notes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import type { BenchRow, BenchSection, BenchSuite } from '../lib/types';

/** List prices in USD. Re-check before relying on them: Google changes them. */
const PRICE = {
  /** $0.10 per job per 31 days, billed whether it runs or is paused; 3 free jobs per billing account. https://cloud.google.com/scheduler/pricing */
  schedulerJobPerMonth: 0.1,
  schedulerFreeJobs: 3,
  /** $0.40 per million billable operations (create, push attempt) after 1M free per month. https://cloud.google.com/tasks/pricing */
  tasksPerOp: 0.4 / 1e6,
  tasksFreeOps: 1e6,
  /** Firestore Standard: reads $0.03 / 100k, writes $0.09 / 100k; free 50k reads and 20k writes per day. https://firebase.google.com/docs/firestore/pricing (us-central1; europe-west1 is close). */
  firestoreRead: 0.03 / 1e5,
  firestoreWrite: 0.09 / 1e5,
  firestoreFreeReadsPerDay: 50_000,
  firestoreFreeWritesPerDay: 20_000,
  /**
   * Cloud Run functions (2nd gen) bill as Cloud Run, request-based, Tier 1 regions:
   * $0.000024 per vCPU-second, $0.0000025 per GiB-second, $0.40 per million requests,
   * 100 ms rounding; free 180,000 vCPU-s, 360,000 GiB-s and 2M requests per month.
   * https://cloud.google.com/run/pricing, read for this suite.
   */
  runVcpuSecond: 0.000024,
  runGibSecond: 0.0000025,
  runRequest: 0.4 / 1e6,
  runFreeVcpuSeconds: 180_000,
  runFreeGibSeconds: 360_000,
  runFreeRequests: 2e6,
} as const;

/** Usage assumptions; a deployment's logs replace them. */
const ASSUME = {
  days: 30,
  /** An empty sweep: one indexed query and no task, billed in 100 ms steps. */
  tickSeconds: 0.2,
  /** An agent run mostly waits on Claude (web search, tool loop). */
  runSeconds: 30,
  /** Firestore per run: agent, user usage, execution claim and the idempotency check. */
  readsPerRun: 4,
  /** Execution queued/running/done, agent lastRun/nextRunAt, user usage, run events. */
  writesPerRun: 6,
  /** Cloud Tasks per run: the create call and one push attempt. */
  taskOpsPerRun: 2,
  /** Tokens of one scheduled run, for the Claude line only. */
  inputTokensPerRun: 3_000,
  outputTokensPerRun: 1_000,
};

interface Size {
  vcpu: number;
  gib: number;
}

interface Bill {
  list: number;
  afterFreeTier: number;
}

const root = findRoot(process.cwd());

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'config/queue.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cloud-cost: run from inside the repository (config/queue.json not found).');
    dir = up;
  }
  return dir;
}

/** Function sizes as Terraform deploys them (locals.tf), so the figures follow the config. */
async function terraformSizes(): Promise<{ tick: Size; runAgent: Size }> {
  const file = path.join(root, 'terraform/modules/platform/locals.tf');
  const doc = (await parse('locals.tf', readFileSync(file, 'utf8'))) as { locals: Record<string, unknown>[] };
  const locals = Object.assign({}, ...doc.locals) as {
    edge_functions: Record<string, { cpu: string; memory: string }>;
    run_agent: { cpu: string; memory: string };
  };
  const size = (f: { cpu: string; memory: string }): Size => ({ vcpu: Number(f.cpu), gib: mebibytes(f.memory) / 1024 });
  const tick = locals.edge_functions.tick;
  if (!tick) throw new Error('cloud-cost: no tick function in locals.tf');
  return { tick: size(tick), runAgent: size(locals.run_agent) };
}

function mebibytes(memory: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|M|Gi|G)$/.exec(memory);
  if (!m) throw new Error(`cloud-cost: unreadable memory size ${memory}`);
  const n = Number(m[1]);
  return m[2]?.startsWith('G') ? n * 1024 : n;
}

/** Cost of compute on Cloud Run for a number of requests of a given length and size. */
function compute(requests: number, seconds: number, size: Size) {
  const billed = Math.ceil(seconds * 10) / 10;
  return { requests, vcpuSeconds: requests * billed * size.vcpu, gibSeconds: requests * billed * size.gib };
}

type Usage = {
  schedulerJobs: number;
  taskOps: number;
  reads: number;
  writes: number;
  run: { requests: number; vcpuSeconds: number; gibSeconds: number }[];
};

/** One month's bill for a usage profile, at list price and after the free tiers. */
function bill(u: Usage): Bill {
  const sum = (k: 'requests' | 'vcpuSeconds' | 'gibSeconds') => u.run.reduce((a, r) => a + r[k], 0);
  const runList =
    sum('vcpuSeconds') * PRICE.runVcpuSecond +
    sum('gibSeconds') * PRICE.runGibSecond +
    sum('requests') * PRICE.runRequest;
  const runFree =
    Math.max(0, sum('vcpuSeconds') - PRICE.runFreeVcpuSeconds) * PRICE.runVcpuSecond +
    Math.max(0, sum('gibSeconds') - PRICE.runFreeGibSeconds) * PRICE.runGibSecond +
    Math.max(0, sum('requests') - PRICE.runFreeRequests) * PRICE.runRequest;
  const perDay = (n: number) => n / ASSUME.days;
  const list =
    u.schedulerJobs * PRICE.schedulerJobPerMonth +
    u.taskOps * PRICE.tasksPerOp +
    u.reads * PRICE.firestoreRead +
    u.writes * PRICE.firestoreWrite +
    runList;
  const afterFreeTier =
    Math.max(0, u.schedulerJobs - PRICE.schedulerFreeJobs) * PRICE.schedulerJobPerMonth +
    Math.max(0, u.taskOps - PRICE.tasksFreeOps) * PRICE.tasksPerOp +
    Math.max(0, perDay(u.reads) - PRICE.firestoreFreeReadsPerDay) * ASSUME.days * PRICE.firestoreRead +
    Math.max(0, perDay(u.writes) - PRICE.firestoreFreeWritesPerDay) * ASSUME.days * PRICE.firestoreWrite +
    runFree;
  return { list, afterFreeTier };
}

/** This design: one Scheduler job, a tick every minute, one Cloud Task per run. */
function sweeperDesign(agents: number, sizes: { tick: Size; runAgent: Size }, lookaheadMinutes: number): Usage {
  const ticks = 60 * 24 * ASSUME.days;
  const runs = agents * ASSUME.days;
  return {
    schedulerJobs: 1,
    taskOps: runs * ASSUME.taskOpsPerRun,
    // Each tick's query costs at least one read; a due agent is read by every tick of
    // its look-ahead window (upper bound: the sweeper may skip those already enqueued).
    reads: ticks + runs * lookaheadMinutes + runs * ASSUME.readsPerRun,
    writes: runs * ASSUME.writesPerRun,
    run: [compute(ticks, ASSUME.tickSeconds, sizes.tick), compute(runs, ASSUME.runSeconds, sizes.runAgent)],
  };
}

/** Baseline: one Cloud Scheduler job per agent, each calling runAgent over HTTP with OIDC. */
function jobPerAgentDesign(agents: number, sizes: { runAgent: Size }): Usage {
  const runs = agents * ASSUME.days;
  return {
    schedulerJobs: agents,
    taskOps: 0,
    reads: runs * ASSUME.readsPerRun,
    writes: runs * ASSUME.writesPerRun,
    run: [compute(runs, ASSUME.runSeconds, sizes.runAgent)],
  };
}

const usd = (value: number) => Math.round(value * 10_000) / 10_000;

function rows(label: string, ours: Bill, base: Bill, baseline: string): BenchRow[] {
  const ratio = (a: number, b: number) => (b === 0 ? undefined : usd(a / b));
  return [
    {
      label: `${label}: sweeper design, list price`,
      value: usd(ours.list),
      unit: 'USD/month',
      ratio: ratio(ours.list, base.list),
      baseline,
    },
    {
      label: `${label}: sweeper design, after free tiers`,
      value: usd(ours.afterFreeTier),
      unit: 'USD/month',
      ratio: ratio(ours.afterFreeTier, base.afterFreeTier),
      baseline,
    },
    { label: `${label}: ${baseline}, list price`, value: usd(base.list), unit: 'USD/month' },
    { label: `${label}: ${baseline}, after free tiers`, value: usd(base.afterFreeTier), unit: 'USD/month' },
  ];
}

/** Claude cost of the runs, from config/models.json: the same in both designs. */
function claudeMonthly(agents: number): { model: string; usd: number } {
  const models = JSON.parse(readFileSync(path.join(root, 'config/models.json'), 'utf8')) as {
    defaultModel: string;
    models: Record<string, { input: number; output: number }>;
  };
  const price = models.models[models.defaultModel];
  if (!price) throw new Error(`cloud-cost: default model ${models.defaultModel} has no price`);
  const perRun = (ASSUME.inputTokensPerRun * price.input + ASSUME.outputTokensPerRun * price.output) / 1e6;
  return { model: models.defaultModel, usd: perRun * agents * ASSUME.days };
}

export const run: BenchSuite = async () => {
  const sizes = await terraformSizes();
  const lookahead = 5; // TICK_LOOKAHEAD_MINUTES default (functions/src/shared/config.ts, Terraform limits)
  const baseline = 'one Scheduler job per agent';
  const sections: BenchSection[] = [];

  const restOurs = bill(sweeperDesign(0, sizes, lookahead));
  const restBase = bill(jobPerAgentDesign(0, sizes));
  sections.push({
    id: 'cloud-cost-at-rest',
    title: 'Monthly Google Cloud cost at rest (no agents)',
    method:
      'List prices (the Cloud Tasks, Cloud Scheduler, Firestore and Cloud Run pricing pages) applied to a 30-day month of the sweeper: one Scheduler job and 43,200 empty ticks on the tick size in terraform/modules/platform/locals.tf.',
    rows: [
      ...rows('at rest', restOurs, restBase, baseline),
      // The baseline costs nothing with no agents, so a difference says more than a ratio.
      {
        label: `at rest: sweeper design minus ${baseline}, list price`,
        value: usd(restOurs.list - restBase.list),
        unit: 'USD/month',
      },
    ],
    notes: [
      'The sweeper costs about a dime a month at list price when nobody uses the platform: the Scheduler job (free if the billing account has one of its 3 free jobs left) plus 43,200 short tick invocations; the baseline with no agents has no jobs at all.',
      'Not counted, the same in both designs: Secret Manager (one active key version, $0.06/month list), the source bucket (a few MB) and Artifact Registry images (at most 3 per function are kept); all functions scale to zero (min_instances 0).',
      `Assumed: an empty tick is billed ${ASSUME.tickSeconds} s at ${sizes.tick.vcpu} vCPU / ${sizes.tick.gib} GiB and one Firestore read.`,
    ],
  });

  const agents = 1_000;
  const ours = sweeperDesign(agents, sizes, lookahead);
  const base = jobPerAgentDesign(agents, sizes);
  const orchestration = (u: Usage, design: 'sweeper' | 'jobs'): Bill =>
    bill({
      schedulerJobs: u.schedulerJobs,
      taskOps: u.taskOps,
      reads: design === 'sweeper' ? 60 * 24 * ASSUME.days + agents * ASSUME.days * lookahead : 0,
      writes: 0,
      run: design === 'sweeper' ? [compute(60 * 24 * ASSUME.days, ASSUME.tickSeconds, sizes.tick)] : [],
    });
  const claude = claudeMonthly(agents);
  sections.push({
    id: 'cloud-cost-1000-daily',
    title: 'Monthly cost with 1,000 agents each running once a day',
    method:
      '30,000 runs a month. "Scheduling" counts only what differs between the designs (Scheduler jobs, ticks, Tasks operations, the sweep reads); "total" adds the runAgent compute and Firestore work that both designs do for every run.',
    rows: [
      ...rows('scheduling', orchestration(ours, 'sweeper'), orchestration(base, 'jobs'), baseline),
      ...rows('total Google Cloud', bill(ours), bill(base), baseline),
      { label: `Claude tokens (${claude.model}), both designs`, value: usd(claude.usd), unit: 'USD/month' },
    ],
    notes: [
      `The baseline pays $${PRICE.schedulerJobPerMonth.toFixed(2)} per agent per month whether the agent runs or is paused, and 1,000 jobs is also the default Cloud Scheduler quota per region (https://cloud.google.com/scheduler/quotas): agent 1,001 would need a quota increase. The sweeper's scheduling cost grows with runs, not with agents.`,
      `Assumed per run: ${ASSUME.runSeconds} s of runAgent at ${sizes.runAgent.vcpu} vCPU / ${sizes.runAgent.gib} GiB (no overlap counted), ${ASSUME.readsPerRun} reads and ${ASSUME.writesPerRun} writes, ${ASSUME.taskOpsPerRun} Tasks operations; the sweep reads each due agent on every tick of its ${lookahead}-minute look-ahead (an upper bound).`,
      `Claude line: ${ASSUME.inputTokensPerRun} input + ${ASSUME.outputTokensPerRun} output tokens per run at config/models.json prices, shown for scale; it dwarfs the infrastructure in both designs.`,
    ],
  });

  return sections;
};
