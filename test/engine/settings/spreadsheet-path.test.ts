import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/engine/api/dispatch.ts';
import { startEngine } from '../../helpers/engine.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const RECIPE = 'stripe-payment-spreadsheet';

describe('a spreadsheet recipe’s file is checked when saved', () => {
  it('refuses a folder that does not exist or a folder as the file, at the field, and saves a file in a folder it can write', async () => {
    const { engine } = await startEngine({ paused: true });
    const save = (file: string) => dispatch(engine.api, 'recipes.save', { recipe: RECIPE, enabled: false, settings: { file } }, () => undefined);
    const home = tempDir();
    const missing = join(home, 'No such folder', 'payments.csv');
    expect(await save(missing)).toEqual({
      ok: false,
      error: {
        error: 'invalid_request',
        message: expect.stringContaining('does not exist'),
        fields: [
          {
            field: 'settings.file',
            message: `The folder ${join(home, 'No such folder')} does not exist: pick a file in a folder that exists, or create the folder first.`,
          },
        ],
      },
    });
    mkdirSync(join(home, 'payments.csv'));
    expect(await save(join(home, 'payments.csv'))).toMatchObject({
      ok: false,
      error: { fields: [{ field: 'settings.file', message: expect.stringMatching(/is a folder: add a file name ending in \.csv or \.xlsx\.$/) }] },
    });
    writeFileSync(join(home, 'not-a-folder'), '');
    expect(await save(join(home, 'not-a-folder', 'payments.csv'))).toMatchObject({
      ok: false,
      error: { fields: [{ message: expect.stringMatching(/is a file, not a folder/) }] },
    });
    expect(engine.currentSettings.recipes).toEqual([]);

    const good = join(home, 'bookkeeping.csv');
    expect(await save(good)).toMatchObject({ ok: true });
    expect(engine.currentSettings.recipes[0]?.settings).toEqual({ file: good });
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder Hooktray may not write in (not as root, who may write anywhere)', async () => {
    const { engine } = await startEngine({ paused: true });
    const locked = join(tempDir(), 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const answer = await dispatch(engine.api, 'recipes.save', { recipe: RECIPE, enabled: false, settings: { file: join(locked, 'p.csv') } }, () => undefined);
    chmodSync(locked, 0o700);
    expect(answer).toMatchObject({
      ok: false,
      error: { fields: [{ message: `Hooktray may not save files in ${locked}: pick a folder you can save in, such as your Documents.` }] },
    });
  });
});
