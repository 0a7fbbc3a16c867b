import {
  importProfileFromBytes,
  importProfileFromPath,
  importProfileFromText,
} from '../../core/config';
import { ProfileExistsError as StoreProfileExistsError } from '../../core/config';
import type { ImportOptions, ImportResult, ProfileStore } from '../../core/config';
import { GangwayError } from '../../core/errors';
import type { Profile } from '../../core/config/profile';
import type { ImportRequest, ImportResultView, ProfileView } from '../../shared/ipc-schema';
import type { EventSink } from '../ipc/event-hub';
import { sameIdentity } from './profile-identity';
import { toProfileView } from './profile-view';

/** Tells whether a profile has a saved password (the credential service knows). */
export type PasswordSavedCheck = (profileName: string) => Promise<boolean>;

export interface ProfileHooks {
  /** Throws to refuse a rename (a running session is tied to the profile's name). */
  beforeRename?: (from: string) => void;
  /** A profile went away or changed name: its saved password must follow. */
  onRemoved?: (name: string) => Promise<void>;
  onRenamed?: (from: string, to: string) => Promise<void>;
  /** A replaced profile now names another server or user: its saved password must go. */
  onIdentityChanged?: (name: string) => Promise<void>;
}

/** A profile of this name exists; the UI offers Replace or another name (no CLI flag). */
export class ProfileExistsError extends GangwayError {
  constructor(readonly profileName: string) {
    super(
      'profile-exists',
      `a profile named "${profileName}" already exists`,
      'replace it, or import this one under another name',
    );
  }
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
    const name = result.profile.name;
    const previous =
      request.replace === true && (await this.store.has(name))
        ? await this.store.get(name)
        : undefined;
    try {
      await this.store.save(result.profile, { replace: request.replace === true });
    } catch (err) {
      // The UI offers Replace or another name for this code (the store's hint is for the CLI).
      if (err instanceof StoreProfileExistsError) throw new ProfileExistsError(name);
      throw err;
    }
    if (previous && !sameIdentity(previous, result.profile)) {
      await this.hooks.onIdentityChanged?.(name);
    }
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
