/** Public face of the config module: import, store, summarize. */
export { importProfileFromBytes, importProfileFromPath, importProfileFromText } from './import';
export type { ImportOptions, ImportResult } from './import';
export { ProfileStore, ProfileExistsError, ProfileNotFoundError } from './store';
export { dataDir } from './paths';
export { nameProblem, nameFromFileName } from './names';
export { summarizeProfile } from './summary';
export { Pkcs12PasswordError } from './material';
export type { ProfileSummary } from './summary';
export type * from './profile';
