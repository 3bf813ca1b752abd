import { Menu, Tray, clipboard, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import { trayIcon, trayIconFile, trayMenu, type TrayCommand, type TrayItem } from './tray-menu.ts';
import { TrayModel } from './tray-state.ts';

/** The menu model as Electron's template: the only Electron-specific part of the menu. */
export function toTemplate(items: TrayItem[], run: (command: TrayCommand) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled ?? true, click: () => run(item.command) };
      case 'checkbox':
        return { type: 'checkbox', label: item.label, checked: item.checked, click: () => run(item.command) };
      case 'submenu':
        return { label: item.label, submenu: toTemplate(item.items, run) };
    }
  });
}

/**
 * The tray icon and menu, rebuilt from engine state on every engine event (coalesced). It
 * receives what it needs (the engine, where icons are, what to do on open/quit) instead of
 * reaching for globals; what the menu shows is kept by TrayModel (tray-state.ts).
 */
export class TrayController {
  private readonly tray: Tray;
  private readonly model: TrayModel;
  private pending: NodeJS.Timeout | undefined;
  private readonly deps: { engine: Engine; iconDir: string; open: (view?: 'activity') => void; quit: () => void };

  constructor(deps: TrayController['deps']) {
    this.deps = deps;
    this.tray = new Tray(this.image(trayIconFile('online', process.platform)));
    this.tray.on('click', () => deps.open());
    this.model = new TrayModel(deps.engine, () => this.refreshSoon());
    void this.refresh();
    void this.model.load();
  }

  /** The icon from its file (with its @2x beside it); a macOS template image is tinted by the menu bar. */
  private image(file: string): NativeImage {
    const image = nativeImage.createFromPath(join(this.deps.iconDir, file));
    if (file.endsWith('Template.png')) image.setTemplateImage(true);
    return image;
  }

  refreshSoon(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.refresh(), 250);
  }

  async refresh(): Promise<void> {
    if (this.tray.isDestroyed()) return;
    const state = await this.model.state();
    const { icon, tooltip } = trayIcon(state, process.platform);
    this.tray.setImage(this.image(icon));
    this.tray.setToolTip(tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate(toTemplate(trayMenu(state), (command) => void this.run(command))));
  }

  private async run(command: TrayCommand): Promise<void> {
    const { api } = this.deps.engine;
    if (command.kind === 'copy') clipboard.writeText(command.url);
    else if (command.kind === 'set-recipe') await api['recipes.setEnabled']({ id: command.id, enabled: command.enabled });
    else if (command.kind === 'set-paused') await api['engine.setPaused']({ paused: command.paused });
    else if (command.kind === 'open') this.deps.open(command.view);
    else this.deps.quit();
    this.refreshSoon();
  }

  destroy(): void {
    clearTimeout(this.pending);
    this.tray.destroy();
  }
}
