// Bundles the desktop shell for Electron into dist-electron/ (see build/desktop-bundle.ts).
// Run: npm run build:desktop (a folder as argument builds there instead).
import { bundleDesktop } from './desktop-bundle.ts';

await bundleDesktop(process.argv[2] ?? 'dist-electron');
