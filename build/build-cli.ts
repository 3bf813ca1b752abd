// Bundles the headless host as it ships: dist-cli/cli.mjs and journal-worker.mjs, plain JS for
// Node (no TypeScript stripped at run time). `npm run bench -- memory` measures it beside the
// development run. Run: npm run build:cli
import { bundleEngineEntry } from './bundle-engine.ts';

await bundleEngineEntry('electron/cli.ts', 'cli', 'dist-cli');
