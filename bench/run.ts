// npm run bench [-- NAME…]: runs every benchmark, or the named ones, one after another.
const BENCHES: Record<string, () => Promise<{ [k: string]: () => Promise<void> }>> = {
  ingest: () => import('./ingest.ts').then((m) => ({ run: m.runIngest })),
  e2e: () => import('./e2e.ts').then((m) => ({ run: m.runE2e })),
  memory: () => import('./memory.ts').then((m) => ({ run: m.runMemory })),
  'log-query': () => import('./log-query.ts').then((m) => ({ run: m.runLogQuery })),
  spreadsheet: () => import('./spreadsheet.ts').then((m) => ({ run: m.runSpreadsheet })),
  tunnel: () => import('./tunnel.ts').then((m) => ({ run: m.runTunnel })),
  relay: () => import('./relay.ts').then((m) => ({ run: m.runRelay })),
  dashboard: () => import('./dashboard.ts').then((m) => ({ run: m.runDashboard })),
};

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES);
for (const name of names) {
  const load = BENCHES[name];
  if (!load) {
    process.stderr.write(`Unknown benchmark "${name}". Known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n=== ${name} ===\n`);
  const { run } = await load();
  await run!();
}
