import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API } from '../shared/contract.ts';
import { IPC_CHANNELS, type HooktrayBridge, type IpcAnswer } from '../shared/ipc.ts';

// The window's only way to the engine: the contract's operations, nothing else. Bundled as one
// CommonJS file (npm run build:desktop) so it runs in the sandbox.
const OPERATIONS = new Set<string>(Object.keys(API));

const bridge: HooktrayBridge = {
  call(name: string, args: unknown): Promise<IpcAnswer> {
    if (!OPERATIONS.has(name)) return Promise.resolve({ ok: false, error: { error: 'not_found', message: `There is no operation "${name}".` } });
    return ipcRenderer.invoke(IPC_CHANNELS.call, name, args) as Promise<IpcAnswer>;
  },
  subscribe(handler) {
    const listener = (_event: IpcRendererEvent, name: string, data: unknown) => handler(name, data);
    ipcRenderer.on(IPC_CHANNELS.event, listener);
    return () => ipcRenderer.off(IPC_CHANNELS.event, listener);
  },
};

contextBridge.exposeInMainWorld('hooktray', bridge);
