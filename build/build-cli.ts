// Bundles the headless host the way the desktop app's engine ships (desktop-bundle.ts): plain JS
// for Node in dist-cli/ (cli.mjs, journal-worker.mjs, kept-writer-worker.mjs), no TypeScript stripped at run time. The
// `hooktray` command runs the sources; `npm run bench -- memory` measures this bundle beside
// them. Run: npm run build:cli
import { bundleEngineEntry } from './bundle-engine.ts';

await bundleEngineEntry('electron/cli.ts', 'cli', 'dist-cli');
