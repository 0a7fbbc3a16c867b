import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { TunnelState } from '../../shared/tunnel-state';
import type { Strings } from '../strings';
import { trayStateOf, type TrayState } from '../tray-state';

export interface TrayModel {
  profiles: string[];
  stateOf(profile: string): TunnelState;
  strings: Strings;
}

export interface TrayActions {
  open(): void;
  connect(profile: string): void;
  disconnect(profile: string): void;
  about(): void;
  quit(): void;
}

const isActive = (s: TunnelState) => s.kind !== 'disconnected' && s.kind !== 'failed';

/** The tray icon (state-coloured) and its menu: open, connect/disconnect per profile, quit. */
export class GangwayTray {
  private readonly tray: Tray;
  private shown: TrayState | undefined;

  constructor(
    private readonly iconDir: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(this.icon('disconnected'));
    this.tray.on('click', () => actions.open());
  }

  private icon(state: TrayState) {
    return nativeImage.createFromPath(path.join(this.iconDir, `tray-${state}.png`));
  }

  update(model: TrayModel): void {
    const states = model.profiles.map((p) => model.stateOf(p));
    const state = trayStateOf(states);
    if (state !== this.shown) {
      this.tray.setImage(this.icon(state));
      this.shown = state;
    }
    this.tray.setToolTip(model.strings.tooltip[state]);
    const t = model.strings;
    const profileItems: MenuItemConstructorOptions[] = model.profiles.length
      ? model.profiles.map((p) =>
          isActive(model.stateOf(p))
            ? { label: t.disconnect(p), click: () => this.actions.disconnect(p) }
            : { label: t.connect(p), click: () => this.actions.connect(p) },
        )
      : [{ label: t.noProfiles, enabled: false }];
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: t.open, click: () => this.actions.open() },
        { type: 'separator' },
        ...profileItems,
        { type: 'separator' },
        { label: t.aboutItem, click: () => this.actions.about() },
        { label: t.quit, click: () => this.actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.tray.destroy();
  }
}
