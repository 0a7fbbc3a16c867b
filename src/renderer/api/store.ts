import type {
  AppInfo,
  CredentialPrompt,
  EventPayload,
  ProfileView,
  SessionView,
  Settings,
} from '../../shared/ipc-schema';
import type { RateSample } from '../components/ThroughputGraph';
import { ownValue } from '../../shared/own-property';
import { advanceProgress, type ConnectProgress } from '../util/progress';

/** How much throughput history each session keeps (a little more than the graph shows). */
const HISTORY_MS = 4 * 60_000;

export interface StoreState {
  phase: 'loading' | 'ready' | 'unreachable';
  problem?: string;
  /** The dev host's socket closed after it was open: nothing shown is current any more. */
  connectionLost?: boolean;
  info?: AppInfo;
  settings?: Settings;
  profiles: ProfileView[];
  /** By session id; a profile's current session is its newest one. */
  sessions: Record<string, SessionView>;
  history: Record<string, RateSample[]>;
  /** By session id, while connecting: attempt and furthest step (see advanceProgress). */
  progress: Record<string, ConnectProgress>;
  prompts: CredentialPrompt[];
}

export const initialState: StoreState = {
  phase: 'loading',
  profiles: [],
  sessions: {},
  history: {},
  progress: {},
  prompts: [],
};

export type StoreAction =
  | {
      type: 'loaded';
      info: AppInfo;
      settings: Settings;
      profiles: ProfileView[];
      sessions: SessionView[];
    }
  | { type: 'unreachable'; problem: string }
  | { type: 'connection-lost' }
  | { type: 'profiles'; profiles: ProfileView[] }
  | { type: 'settings'; settings: Settings }
  | { type: 'state'; event: EventPayload<'session.state'> }
  | { type: 'stats'; event: EventPayload<'session.stats'> }
  | { type: 'prompt'; prompt: CredentialPrompt }
  | { type: 'prompt-closed'; requestId: string };

export function reduce(state: StoreState, action: StoreAction): StoreState {
  switch (action.type) {
    case 'loaded':
      return {
        ...state,
        phase: 'ready',
        info: action.info,
        settings: action.settings,
        profiles: action.profiles,
        sessions: Object.fromEntries(action.sessions.map((s) => [s.sessionId, s])),
        progress: progressOf(action.sessions),
      };
    case 'unreachable':
      return { ...state, phase: 'unreachable', problem: action.problem };
    case 'connection-lost':
      return { ...state, connectionLost: true };
    case 'profiles':
      return { ...state, profiles: action.profiles };
    case 'settings':
      return { ...state, settings: action.settings };
    case 'state': {
      const { sessionId, profile, state: tunnel, at } = action.event;
      const known = ownValue(state.sessions, sessionId);
      const session: SessionView = known
        ? { ...known, state: tunnel }
        : { sessionId, profile, state: tunnel, startedAt: at, ended: false };
      const next = advanceProgress(ownValue(state.progress, sessionId), tunnel);
      const others = Object.fromEntries(
        Object.entries(state.progress).filter(([id]) => id !== sessionId),
      );
      const progress = next ? { ...others, [sessionId]: next } : others;
      return { ...state, sessions: { ...state.sessions, [sessionId]: session }, progress };
    }
    case 'stats': {
      const { sessionId, stats, at } = action.event;
      const known = ownValue(state.sessions, sessionId);
      const past = (ownValue(state.history, sessionId) ?? []).filter(
        (s) => s.at >= at - HISTORY_MS,
      );
      const sample = { at, rateIn: stats.rateIn, rateOut: stats.rateOut };
      return {
        ...state,
        sessions: known ? { ...state.sessions, [sessionId]: { ...known, stats } } : state.sessions,
        history: { ...state.history, [sessionId]: [...past, sample] },
      };
    }
    case 'prompt':
      return {
        ...state,
        prompts: [
          ...state.prompts.filter((p) => p.requestId !== action.prompt.requestId),
          action.prompt,
        ],
      };
    case 'prompt-closed':
      return { ...state, prompts: state.prompts.filter((p) => p.requestId !== action.requestId) };
  }
}

function progressOf(sessions: SessionView[]): Record<string, ConnectProgress> {
  return Object.fromEntries(
    sessions.flatMap((s) => {
      const p = advanceProgress(undefined, s.state);
      return p ? [[s.sessionId, p] as const] : [];
    }),
  );
}

/** The newest session of a profile, ended or not. */
export function currentSession(state: StoreState, profile: string): SessionView | undefined {
  let best: SessionView | undefined;
  for (const s of Object.values(state.sessions)) {
    if (s.profile === profile && (!best || s.startedAt > best.startedAt)) best = s;
  }
  return best;
}
