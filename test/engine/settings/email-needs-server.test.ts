import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/engine/api/dispatch.ts';
import { startEngine } from '../../helpers/engine.ts';
import { startSmtp } from '../../helpers/smtp.ts';

const TO = { to: ['team@berg-bakery.example'] };

describe('a recipe that sends email needs a mail server to be switched on', () => {
  it('refuses to switch it on without one, in words that say where to set it up, and allows it once there is one', async () => {
    const { engine } = await startEngine({ paused: true, recipes: [{ recipe: 'shopify-order-email', enabled: false, settings: TO }] });
    const refused = await dispatch(engine.api, 'recipes.setEnabled', { id: 'shopify-order-email', enabled: true }, () => undefined);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        error: 'conflict',
        message: expect.stringMatching(/sends email, and no mail server is set up yet: set it up in Settings → Email/),
        fields: [{ field: 'smtp' }],
      },
    });
    expect(engine.currentSettings.recipes[0]!.enabled).toBe(false);
    // A new one saved on is refused too; saved off (to try it first) is fine; a recipe without email is not concerned.
    await expect(engine.api['recipes.save']({ recipe: 'generic-email', enabled: true, settings: TO })).rejects.toMatchObject({ code: 'conflict' });
    await engine.api['recipes.save']({ recipe: 'generic-email', enabled: false, settings: TO });
    expect(engine.currentSettings.recipes.map((r) => [r.recipe, r.enabled])).toEqual([
      ['shopify-order-email', false],
      ['generic-email', false],
    ]);

    const smtp = await startSmtp();
    await engine.api['settings.update']({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'shop@berg-bakery.example' } });
    const on = await engine.api['recipes.setEnabled']({ id: 'shopify-order-email', enabled: true });
    expect(on.find((r) => r.id === 'shopify-order-email')?.enabled).toBe(true);
    await smtp.stop();
  });
});
