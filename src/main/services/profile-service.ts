import {
  importProfileFromBytes,
  importProfileFromPath,
  importProfileFromText,
} from '../../core/config';
import type { ImportOptions, ImportResult, ProfileStore } from '../../core/config';
import type { Profile } from '../../core/config/profile';
import type { ImportRequest, ImportResultView, ProfileView } from '../../shared/ipc-schema';
import type { EventSink } from '../ipc/event-hub';
import { toProfileView } from './profile-view';

/** Tells whether a profile has a saved password (the credential service knows). */
export type PasswordSavedCheck = (profileName: string) => Promise<boolean>;

export interface ProfileHooks {
  /** Throws to refuse a rename (a running session is tied to the profile's name). */
  beforeRename?: (from: string) => void;
  /** A profile went away or changed name: its saved password must follow. */
  onRemoved?: (name: string) => Promise<void>;
  onRenamed?: (from: string, to: string) => Promise<void>;
}

/** Profiles for the UI: the config engineer's store and importers, plus change events. */
export class ProfileService {
  constructor(
    private readonly store: ProfileStore,
    private readonly passwordSaved: PasswordSavedCheck,
    private readonly events?: EventSink,
    private readonly hooks: ProfileHooks = {},
  ) {}

  get(name: string): Promise<Profile> {
    return this.store.get(name);
  }

  async list(): Promise<ProfileView[]> {
    const profiles = await this.store.list();
    return Promise.all(
      profiles.map(async (p) => toProfileView(p, await this.passwordSaved(p.name))),
    );
  }

  async import(request: ImportRequest): Promise<ImportResultView> {
    const opts: ImportOptions = {
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.p12Password !== undefined ? { p12Password: request.p12Password } : {}),
    };
    let result: ImportResult;
    switch (request.from) {
      case 'path':
        result = await importProfileFromPath(request.path, opts);
        break;
      case 'bytes':
        result = await importProfileFromBytes(request.bytes, request.fileName, opts);
        break;
      case 'text':
        result = await importProfileFromText(request.text, opts);
        break;
    }
    await this.store.save(result.profile, { replace: request.replace === true });
    await this.changed();
    return {
      profile: toProfileView(result.profile, await this.passwordSaved(result.profile.name)),
      warnings: result.warnings,
    };
  }

  async rename(from: string, to: string): Promise<void> {
    this.hooks.beforeRename?.(from);
    await this.store.rename(from, to);
    await this.hooks.onRenamed?.(from, to);
    await this.changed();
  }

  async remove(name: string): Promise<void> {
    await this.store.remove(name);
    await this.hooks.onRemoved?.(name);
    await this.changed();
  }

  private async changed(): Promise<void> {
    if (this.events) this.events.emit('profiles.changed', await this.list());
  }
}
