/**
 * Why the engine cannot run in this runtime, or undefined if it can. The journal needs node:sqlite,
 * which some Electron builds lacked (electron#47671): without this check the app's first import of
 * it would fail before any window or dialog, and a double-click would do nothing at all.
 */
export async function sqliteMissing(load: () => Promise<unknown> = () => import('node:sqlite')): Promise<string | undefined> {
  try {
    await load();
    return undefined;
  } catch (error) {
    const runtime = [process.versions.electron && `Electron ${process.versions.electron}`, `Node ${process.versions.node}`].filter(Boolean).join(', ');
    return (
      'This copy of Hooktray was built without the database it keeps your orders in (node:sqlite), so it cannot start. ' +
      `Install the latest Hooktray again; if this stays, tell us this line: ${runtime}: ${(error as Error).message}`
    );
  }
}
