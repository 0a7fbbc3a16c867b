import { useCallback, useMemo, useState } from 'react';
import { ipcErrorOf } from '../../shared/ipc-error';
import type { ImportRequest } from '../../shared/ipc-schema';
import { useGangway } from '../api/GangwayProvider';
import { currentSession } from '../api/store';
import { CredentialsDialog, type CredentialAnswer } from '../components/CredentialsDialog';
import { ImportPanel, type ImportOutcome } from '../components/ImportPanel';
import { useI18n } from '../i18n/i18n';
import { ProfileCard, type ProfileActions } from './ProfileCard';
import { ownValue } from '../../shared/own-property';

/** `FILE:LINE: message`, the way the config parser and OpenVPN itself report a bad line. */
export function importErrorText(err: unknown): string {
  const info = ipcErrorOf(err);
  if (!info.location || info.message.startsWith(info.location)) return info.message;
  return `${info.location}: ${info.message}`;
}

/** The name main refused as taken: it is quoted in the message of `profile-exists`. */
function takenName(message: string, req: ImportRequest): string {
  const quoted = /"(.+)"/.exec(message)?.[1];
  if (quoted) return quoted;
  if (req.name) return req.name;
  return req.from === 'path' ? req.path : req.from === 'bytes' ? req.fileName : '';
}

function failedImport(err: unknown, req?: ImportRequest): ImportOutcome {
  const info = ipcErrorOf(err);
  if (info.code === 'profile-exists' && req && !req.replace) {
    return { ok: 'exists', name: takenName(info.message, req), request: req };
  }
  const hint = info.hint;
  return { ok: false, error: importErrorText(err), ...(hint ? { hint } : {}) };
}

export function ConnectionScreen() {
  const { t } = useI18n();
  const { api, state } = useGangway();

  const onImport = useCallback(
    async (req: ImportRequest): Promise<ImportOutcome> => {
      try {
        const result = await api.profiles.import(req);
        return { ok: true, name: result.profile.name, replaced: req.replace === true };
      } catch (err) {
        return failedImport(err, req);
      }
    },
    [api],
  );

  const chooseNative = useCallback(async (): Promise<ImportOutcome | undefined> => {
    try {
      const answer = await api.profiles.importWithDialog();
      if (answer.outcome === 'exists') {
        return { ok: 'exists', name: answer.name, request: { from: 'path', path: answer.path } };
      }
      return answer.outcome === 'imported'
        ? { ok: true, name: answer.result.profile.name }
        : undefined;
    } catch (err) {
      return failedImport(err);
    }
  }, [api]);
  const native = state.info?.capabilities.nativeDialogs ?? false;

  const actions = useMemo<ProfileActions>(
    () => ({
      connect: async (name) => void (await api.session.connect({ name })),
      disconnect: (name) => api.session.disconnect({ name }),
      rename: (from, to) => api.profiles.rename({ from, to }),
      remove: (name) => api.profiles.remove({ name }),
      forgetPassword: (name) => api.credentials.forget({ name }),
    }),
    [api],
  );

  // Answered prompts close at once; main confirms later with credentials.closed.
  const [answered, setAnswered] = useState<ReadonlySet<string>>(new Set());
  const prompt = state.prompts.find((p) => !answered.has(p.requestId));
  const settle = (requestId: string, work: Promise<void>) => {
    setAnswered((done) => new Set(done).add(requestId));
    work.catch(() => undefined); // a stale prompt: the session shows what happened
  };
  const answer = (a: CredentialAnswer) => {
    if (prompt)
      settle(prompt.requestId, api.credentials.submit({ requestId: prompt.requestId, ...a }));
  };
  const cancelPrompt = () => {
    if (prompt) settle(prompt.requestId, api.credentials.cancel({ requestId: prompt.requestId }));
  };

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('profiles.title')}</h1>
          <p>{t('profiles.subtitle')}</p>
          <p className="muted" data-testid="multiple-note">
            {t('profiles.multiple')}
          </p>
        </div>
      </header>
      <section className="stack" aria-label={t('profiles.title')}>
        {state.profiles.length === 0 && (
          <div className="card empty" data-testid="no-profiles">
            {t('profiles.empty')}
          </div>
        )}
        {state.profiles.map((profile) => {
          const session = currentSession(state, profile.name);
          return (
            <ProfileCard
              key={profile.name}
              profile={profile}
              session={session}
              {...(session && ownValue(state.progress, session.sessionId)
                ? { progress: ownValue(state.progress, session.sessionId) }
                : {})}
              history={session ? (ownValue(state.history, session.sessionId) ?? []) : []}
              actions={actions}
            />
          );
        })}
      </section>
      <ImportPanel onImport={onImport} {...(native ? { onChooseNative: chooseNative } : {})} />
      {prompt && (
        <CredentialsDialog
          key={prompt.requestId}
          profileName={prompt.profile}
          request={prompt.request}
          canRemember={prompt.canRemember}
          onSubmit={answer}
          onCancel={cancelPrompt}
        />
      )}
    </div>
  );
}
