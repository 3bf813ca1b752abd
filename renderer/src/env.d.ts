import type { HooktrayBridge } from './transport/transport.ts';

declare global {
  interface Window {
    /** Present in the desktop app: the preload's typed bridge. */
    hooktray?: HooktrayBridge;
  }
}
