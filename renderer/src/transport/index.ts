import { httpTransport } from './http-transport.ts';
import { ipcTransport } from './ipc-transport.ts';
import type { Transport } from './transport.ts';

const TOKEN_KEY = 'hooktray-token';

/** IPC when the preload bridge is there (desktop), else HTTP with the token from #token=… (dashboard). */
export function createTransport(): Transport {
  if (window.hooktray) return ipcTransport(window.hooktray);
  const fromHash = /token=([^&]+)/.exec(location.hash)?.[1];
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    // Keep the token out of the address bar and history; keep the view (#/activity&token=… → #/activity).
    const view = location.hash.replace(/[#&]token=[^&]*/, '').replace(/^#?/, '');
    history.replaceState(null, '', `${location.pathname}#${view || '/home'}`);
  }
  return httpTransport(sessionStorage.getItem(TOKEN_KEY) ?? '');
}

export { ApiError } from './transport.ts';
export type { Transport } from './transport.ts';
