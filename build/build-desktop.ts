// Bundles the desktop shell for Electron into dist-electron/ (see build/desktop-bundle.ts).
// Run: npm run build:desktop
import { bundleDesktop } from './desktop-bundle.ts';

await bundleDesktop('dist-electron');
