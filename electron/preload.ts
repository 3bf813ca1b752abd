import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './desktop/bridge.ts';

// Bundled as one CommonJS file (npm run build:desktop) so it runs in the sandbox; it carries only
// the operation names, never the contract's schemas.
contextBridge.exposeInMainWorld('hooktray', createBridge(ipcRenderer));
