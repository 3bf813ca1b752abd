import { pathToFileURL } from 'node:url';

/**
 * Only our own page may call the engine: the sender must be the window's top frame (not an
 * iframe or a frame of another window, whatever its URL) and that frame must show index.html.
 */
export function isTrustedSender(senderFrame: { url: string } | null | undefined, mainFrame: object | undefined, indexHtml: string): boolean {
  if (!senderFrame || !mainFrame || senderFrame !== mainFrame) return false;
  return senderFrame.url.split('#')[0] === pathToFileURL(indexHtml).href;
}
