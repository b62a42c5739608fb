// Writes bench/RESULTS.md (for people) from the same record as bench/results.json
// (for machines). Nothing here measures: it only lays out what the suites returned.

/**
 * What issue 7 and the Foundation issue ask to measure, and the suite that
 * answers each. RESULTS.md shows, item by item, whether it was measured.
 */
export const COVERAGE = [
  { item: '1. Scheduling cost (reads per tick, 1k/10k/100k agents, vs a full scan)', suites: ['runs'] },
  {
    item: '2. Operation cost (reads/writes per create, list, run, chat turn, dashboard; $ per 1,000 runs)',
    suites: ['agents', 'runs', 'chat'],
  },
  { item: '3. Cold start (bundle size, module init vs firebase-admin)', suites: ['cold-start'] },
  { item: '4. Overhead (chat turn and run with a zero-latency model)', suites: ['chat', 'runs'] },
  { item: '5. Timing precision (start lag p50/p99 vs one-minute polling)', suites: ['runs'] },
  { item: 'Morning burst (1,000 agents due at once: first 100 within 2 s p99, all within 60 s)', suites: ['burst'] },
  { item: '6. Web (JS before first screen, dashboard first render)', suites: ['web'] },
  { item: '7. Load (bounded burst on loopback: throughput, p50/p99, errors, nothing lost)', suites: ['load'] },
  { item: 'Foundation: local stack start time', suites: ['stack-start'] },
  { item: 'Cloud cost per month (at rest, 1,000 daily agents vs a Scheduler job per agent)', suites: ['cloud-cost'] },
  {
    item: 'Money (spend ÷ budget under concurrent runs and chat turns; a flood’s delay to another user)',
    suites: ['budget'],
  },
  { item: 'Workspace run (Claude Code locally vs a Messages run of the same prompt)', suites: ['workspace'] },
];

/** Every suite the project expects, in report order (issue 7's order). */
export const EXPECTED_SUITES = [
  'runs',
  'burst',
  'agents',
  'chat',
  'edge',
  'cold-start',
  'stack-start',
  'web',
  'load',
  'cloud-cost',
  'budget',
  'library',
  'deliveries',
  'workspace',
];

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

function num(value) {
  return typeof value === 'number' && Number.isFinite(value) ? fmt.format(value) : 'n/a';
}

function cell(text) {
  return String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function suiteOrder(name) {
  const i = EXPECTED_SUITES.indexOf(name);
  return i === -1 ? EXPECTED_SUITES.length : i;
}

/**
 * The markdown of RESULTS.md.
 * @param {{generatedAt: string, command: string, machine: object, suites: object[], missing: string[]}} record
 */
export function renderResults(record) {
  const suites = [...record.suites].sort(
    (a, b) => suiteOrder(a.name) - suiteOrder(b.name) || a.name.localeCompare(b.name),
  );
  const byName = new Map(suites.map((s) => [s.name, s]));
  const failed = suites.filter((s) => s.status !== 'ok');
  const withProblems = suites.filter((s) => s.sections?.some((sec) => sec.problems?.length));
  const dates = suites.map((s) => s.measuredAt).sort();
  const m = record.machine;
  const out = [];

  out.push('# Benchmark results', '');
  out.push(
    `Written by \`${record.command}\` on ${record.generatedAt}. ` +
      `Suites measured ${dates[0] === dates.at(-1) ? `at ${dates[0]}` : `from ${dates[0]} to ${dates.at(-1)}`}; ` +
      'each suite ran in its own Node process, one after another, on the local stack (loopback only, no Google Cloud, no Claude).',
    '',
    'Every figure that makes a claim carries a **ratio = value ÷ baseline**, the baseline named beside it and measured in the same suite run. ' +
      'These are measurements on one machine, not assertions: compare ratios, not absolute times, across machines. ' +
      'What each figure means and how to run: [README.md](README.md). Machine-readable: [results.json](results.json).',
    '',
  );

  out.push('## Machine', '');
  out.push(`- CPU: ${m.cpu}, ${m.cores} logical cores`);
  out.push(`- Memory: ${m.memoryGiB} GiB`);
  out.push(`- OS: ${m.os}`);
  out.push(`- Node: ${m.node}`);
  out.push('');

  out.push('## Status', '');
  if (record.missing.length) {
    out.push(
      `**Not yet written** (no \`bench/suites/<name>.ts\`, so nothing measured): ${record.missing.map((n) => `\`${n}\``).join(', ')}.`,
      '',
    );
  }
  if (failed.length)
    out.push(`**Failed**: ${failed.map((s) => `\`${s.name}\``).join(', ')} (errors below; no figures from them).`, '');
  if (withProblems.length)
    out.push(
      `**Claims that did not hold** in: ${withProblems.map((s) => `\`${s.name}\``).join(', ')} (see their sections).`,
      '',
    );
  out.push('| asked for | suite(s) | state |', '|---|---|---|');
  for (const c of COVERAGE) {
    const states = c.suites.map((n) => {
      const s = byName.get(n);
      if (!s) return `${n}: ${record.missing.includes(n) ? 'not yet written' : 'not run this time'}`;
      if (s.status !== 'ok') return `${n}: **${s.status}**`;
      return `${n}: measured`;
    });
    out.push(`| ${cell(c.item)} | ${c.suites.join(', ')} | ${cell(states.join('; '))} |`);
  }
  out.push('');
  out.push(
    '| suite | status | sections | wall time | measured at | load average (1 min) at start |',
    '|---|---|---|---|---|---|',
  );
  for (const s of suites) {
    out.push(
      `| ${s.name} | ${s.status} | ${s.sections?.length ?? 0} | ${num(s.seconds)} s | ${s.measuredAt} | ${num(s.loadAverage)} |`,
    );
  }
  out.push(
    '',
    `A load average near or above the ${m.cores} cores means other work shared the machine while the suite ran: its timings (not its counts) are then pessimistic.`,
  );
  out.push('');

  for (const s of suites) {
    if (s.status !== 'ok') continue;
    for (const sec of s.sections) {
      out.push(`## ${sec.title}`, '');
      out.push(`Suite \`${s.name}\`, section \`${sec.id}\`. **Method:** ${sec.method}`, '');
      out.push('| measure | value | unit | ratio | baseline |', '|---|---:|---|---:|---|');
      for (const r of sec.rows) {
        const ratio = typeof r.ratio === 'number' ? `${num(r.ratio)}×` : '';
        out.push(`| ${cell(r.label)} | ${num(r.value)} | ${cell(r.unit)} | ${ratio} | ${cell(r.baseline ?? '')} |`);
      }
      out.push('');
      if (sec.problems?.length) {
        out.push('**Did not hold:**', '');
        for (const p of sec.problems) out.push(`- ${p}`);
        out.push('');
      }
      if (sec.notes?.length) {
        for (const n of sec.notes) out.push(`- ${n}`);
        out.push('');
      }
    }
  }

  if (failed.length) {
    out.push('## Failed suites', '');
    for (const s of failed) {
      out.push(`### ${s.name} (${s.status})`, '', '```', String(s.error ?? 'no error recorded').trim(), '```', '');
      if (s.log) out.push(`Full output: \`${s.log}\` (kept until the next run).`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
