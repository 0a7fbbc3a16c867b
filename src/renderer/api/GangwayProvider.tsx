import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useState,
  type Dispatch,
  type ReactNode,
} from 'react';
import type { GangwayApi } from '../../shared/ipc-schema';
import { ipcErrorOf } from '../../shared/ipc-error';
import { connectApi } from './client';
import { initialState, reduce, type StoreAction, type StoreState } from './store';

interface GangwayValue {
  api: GangwayApi;
  state: StoreState;
  /** For answers that should show before main's confirming event arrives. */
  dispatch: Dispatch<StoreAction>;
}

const GangwayContext = createContext<GangwayValue | undefined>(undefined);

function tryConnect(onConnectionLost: () => void): { api?: GangwayApi; problem?: string } {
  try {
    return { api: connectApi(onConnectionLost) };
  } catch (err) {
    return { problem: ipcErrorOf(err).message };
  }
}

/**
 * Owns the connection to main: loads the initial picture, then keeps it current from events.
 * Subscriptions start before the first load so no event falls between the two.
 */
export function GangwayProvider(props: {
  children: (value: GangwayValue | undefined, problem?: string) => ReactNode;
}) {
  const [state, dispatch] = useReducer(reduce, initialState);
  const [connection] = useState(() => tryConnect(() => dispatch({ type: 'connection-lost' })));
  const { api } = connection;

  useEffect(() => {
    if (!api) return;
    const offs = [
      api.on('profiles.changed', (profiles) => dispatch({ type: 'profiles', profiles })),
      api.on('settings.changed', (settings) => dispatch({ type: 'settings', settings })),
      api.on('session.state', (event) => dispatch({ type: 'state', event })),
      api.on('session.stats', (event) => dispatch({ type: 'stats', event })),
      api.on('credentials.request', (prompt) => dispatch({ type: 'prompt', prompt })),
      api.on('credentials.closed', ({ requestId }) =>
        dispatch({ type: 'prompt-closed', requestId }),
      ),
    ];
    let live = true;
    Promise.all([api.app.info(), api.settings.get(), api.profiles.list(), api.session.state()])
      .then(([info, settings, profiles, sessions]) => {
        if (live) dispatch({ type: 'loaded', info, settings, profiles, sessions });
      })
      .catch((err: unknown) => {
        if (live) dispatch({ type: 'unreachable', problem: ipcErrorOf(err).message });
      });
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [api]);

  const value = useMemo(() => (api ? { api, state, dispatch } : undefined), [api, state]);
  const problem = connection.problem ?? state.problem;
  return (
    <GangwayContext.Provider value={value}>
      {props.children(value, problem)}
    </GangwayContext.Provider>
  );
}

/** The typed API and the live state, for any component under the provider. */
export function useGangway(): GangwayValue {
  const value = useContext(GangwayContext);
  if (!value) throw new Error('useGangway outside GangwayProvider');
  return value;
}
