/**
 * Where a bundled file really is once electron-builder has packed the app: files listed under
 * asarUnpack sit in app.asar.unpacked beside the archive. Electron reads inside app.asar for the
 * main process, but a worker thread's loader cannot, so the journal's worker is started from the
 * unpacked copy (build/bundle-engine.ts wraps its URL in this for the desktop bundle).
 */
export function outsideAsar(url: URL): URL {
  if (url.protocol !== 'file:') return url;
  const out = new URL(url.href);
  out.pathname = url.pathname.replace(/\/app\.asar\//, '/app.asar.unpacked/');
  return out;
}
