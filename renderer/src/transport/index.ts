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
    history.replaceState(null, '', `${location.pathname}#/home`);
  }
  return httpTransport(sessionStorage.getItem(TOKEN_KEY) ?? '');
}

export { ApiError } from './transport.ts';
export type { Transport } from './transport.ts';
