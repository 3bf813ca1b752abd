// Bundles the headless host the way the desktop app's engine ships (desktop-bundle.ts): plain JS
// for Node in dist-cli/ (cli.mjs, journal-worker.mjs, kept-writer-worker.mjs), no TypeScript stripped at run time. The
// `hooktray` command runs this bundle (bin/fresh-bundle.js rebuilds it when a source changed);
// npm install builds it. Run: npm run build:cli
import { bundleEngineEntry } from './bundle-engine.ts';

await bundleEngineEntry('electron/cli.ts', 'cli', 'dist-cli');
