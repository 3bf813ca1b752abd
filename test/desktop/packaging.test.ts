import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, matchesGlob, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleDesktop } from '../../build/desktop-bundle.ts';
import { outsideAsar } from '../../build/outside-asar.ts';
import { openDatabase } from '../../electron/engine/store/database.ts';
import type { JournalWriter as SourceJournal } from '../../electron/engine/store/journal-writer.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const config = readFileSync(join(import.meta.dirname, '../../build/electron-builder.yml'), 'utf8');

/** The items of a top-level list key in the builder config (`key:` then `  - item` lines). */
function listOf(key: string): string[] {
  const block = new RegExp(`^${key}:\\n((?:  - .*\\n)+)`, 'm').exec(config)?.[1] ?? '';
  return block
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^ {2}- /, '').replace(/^"(.*)"$/, '$1'));
}

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));
const importsOf = (code: string) => [...code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*"([^"]+)"|import\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]!);

describe('the packaged desktop app', () => {
  it('starts the journal writer from app.asar.unpacked, where electron-builder puts it and everything it imports', async () => {
    // Build the desktop bundle where a packed app has it: resources/app.asar/dist-electron.
    const resources = tempDir();
    const packed = join(resources, 'app.asar', 'dist-electron');
    await bundleDesktop(packed, { expose: { journal: 'electron/engine/store/journal-writer.ts' } });

    // Pack it as electron-builder does: asarUnpack files also go to app.asar.unpacked. The main
    // process still reads them through the archive, a worker thread only from the real folder.
    const patterns = listOf('asarUnpack');
    expect(patterns.length).toBeGreaterThan(0);
    const unpackedDir = join(resources, 'app.asar.unpacked', 'dist-electron');
    const unpacked = files(packed).filter((f) => patterns.some((p) => matchesGlob(`dist-electron/${f}`, p)));
    for (const f of unpacked) {
      mkdirSync(dirname(join(unpackedDir, f)), { recursive: true });
      cpSync(join(packed, f), join(unpackedDir, f));
    }
    expect(unpacked).toContain('journal-worker.mjs');
    // Nothing in the main process imports the worker: only the Worker constructor loads it, and
    // inside the archive it could not. Remove that copy so only the unpacked one can work.
    rmSync(join(packed, 'journal-worker.mjs'));

    // Everything the worker imports, transitively, is unpacked too, or built into Node.
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(readFileSync(join(unpackedDir, file), 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = relative(unpackedDir, join(unpackedDir, dirname(file), spec));
          expect(existsSync(join(unpackedDir, target)), `${file} imports ${spec}, which is not unpacked`).toBe(true);
          visit(target);
        } else
          expect(
            builtinModules.includes(spec.replace(/^node:/, '')) || spec.startsWith('node:'),
            `${file} imports "${spec}", which stays inside app.asar`,
          ).toBe(true);
      }
    };
    visit('journal-worker.mjs');

    // Start the bundled journal as the packed app would and have its writer do a real write.
    const dataDir = tempDir();
    openDatabase({ dataDir }).close();
    const { JournalWriter } = (await import(pathToFileURL(join(packed, 'journal.mjs')).href)) as { JournalWriter: typeof SourceJournal };
    const journal = new JournalWriter(join(dataDir, 'hooktray.db'));
    try {
      await expect(journal.call('requeueInterrupted', Date.now())).resolves.toBe(0);
    } finally {
      await journal.close();
    }

    // The preload runs in the sandbox: one file, and only the plain list of operations (no zod).
    const preload = readFileSync(join(packed, 'preload.cjs'), 'utf8');
    expect(preload.match(/require\("([^"]+)"\)/g)).toEqual(['require("electron")']);
    expect(preload).toContain('"recipes.setEnabled"');
    expect(preload).not.toMatch(/safeParse|ZodError|\$ZodType/);
    expect(preload.length).toBeLessThan(10_000); // zod alone is tens of KB
  }, 60_000);

  it('rewrites only paths inside app.asar', () => {
    expect(outsideAsar(new URL('file:///opt/Hooktray/resources/app.asar/dist-electron/journal-worker.mjs')).href).toBe(
      'file:///opt/Hooktray/resources/app.asar.unpacked/dist-electron/journal-worker.mjs',
    );
    expect(outsideAsar(new URL('file:///C:/Program%20Files/Hooktray/resources/app.asar/dist-electron/x.mjs')).href).toBe(
      'file:///C:/Program%20Files/Hooktray/resources/app.asar.unpacked/dist-electron/x.mjs',
    );
    expect(outsideAsar(new URL('file:///home/me/hooktray/dist-electron/journal-worker.mjs')).href).toBe(
      'file:///home/me/hooktray/dist-electron/journal-worker.mjs',
    );
  });

  it('keeps electron-builder’s default deb dependencies (GTK, NSS, notifications, key store, xdg-utils)', () => {
    // A deb.depends list replaces the defaults; without one, electron-builder's own list applies.
    const deb = /^deb:\n((?: {2}.*\n)+)/m.exec(config)?.[1] ?? '';
    const depends = /depends:\s*\[([^\]]*)\]|depends:\n((?: {4}- .*\n)+)/.exec(deb);
    if (!depends) return expect(deb).not.toMatch(/depends/);
    const listed = (depends[1] ?? depends[2]!)
      .split(/[,\n]/)
      .map((s) => s.replace(/^\s*-?\s*/, '').trim())
      .filter(Boolean);
    expect(listed).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libnotify4', 'libsecret-1-0']));
  });

  it('is a configuration electron-builder itself accepts, publishing where installed apps look for updates', async () => {
    // electron-builder's own validation (its JSON schema), as `npm run dist` runs it first.
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = (await import('builder-util')) as { DebugLogger: new (enabled: boolean) => unknown };
    const { load } = (await import('js-yaml' as string)) as { load(text: string): unknown };
    const parsed = load(config) as { publish: { provider: string }[]; mac: { target: string[] } };
    await expect(validateConfiguration(parsed, new DebugLogger(false))).resolves.toBeUndefined();
    expect(parsed.publish[0]!.provider).toBe('github');
    // macOS updates are installed from the zip (latest-mac.yml names it), not the dmg.
    expect(parsed.mac.target).toEqual(expect.arrayContaining(['dmg', 'zip']));
  });
});
