import { useState } from 'react';
import { ipcErrorOf } from '../../shared/ipc-error';
import type { ProfileView, SessionView } from '../../shared/ipc-schema';
import type { TunnelState } from '../../shared/tunnel-state';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ConnectedView } from '../components/ConnectedView';
import { FailurePanel } from '../components/FailurePanel';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { StageIndicator } from '../components/StageIndicator';
import type { RateSample } from '../components/ThroughputGraph';
import { useI18n } from '../i18n/i18n';
import type { ConnectProgress } from '../util/progress';
import {
  authText,
  cipherInUse,
  offeredCiphersText,
  expiryBadge,
  protocolText,
  serverText,
} from '../util/profile-facts';
import { isBusy, isOn, stageText } from '../util/stage';
import { ImportNotes } from './ImportNotes';
import { ProfileDetails } from './ProfileDetails';
import { RenameForm } from './RenameForm';

const DISCONNECTED: TunnelState = { kind: 'disconnected' };

export interface ProfileActions {
  connect: (name: string) => Promise<void>;
  disconnect: (name: string) => Promise<void>;
  rename: (from: string, to: string) => Promise<void>;
  remove: (name: string) => Promise<void>;
  forgetPassword: (name: string) => Promise<void>;
}

function stateDot(state: TunnelState): string {
  if (state.kind === 'connected') return 'dot dot-ok';
  if (state.kind === 'failed') return 'dot dot-bad';
  return isBusy(state) ? 'dot dot-busy' : 'dot';
}

/** One profile: its facts, the connect switch, and whatever the session is doing right now. */
export function ProfileCard(props: {
  profile: ProfileView;
  session?: SessionView;
  /** Attempt and furthest step while connecting. */
  progress?: ConnectProgress;
  history: readonly RateSample[];
  actions: ProfileActions;
}) {
  const { t } = useI18n();
  const { profile, session, actions } = props;
  const state = session?.state ?? DISCONNECTED;
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [showDetails, setShowDetails] = useState(false);
  const [forgotten, setForgotten] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const badge = expiryBadge(profile, t);
  const on = isOn(state);
  const locked = on || state.kind === 'disconnecting';
  const inUse = cipherInUse(state);

  const guard = (work: Promise<void>) => {
    setActionError(undefined);
    work.catch((err: unknown) => setActionError(ipcErrorOf(err).message));
  };
  const stopping = state.kind === 'disconnecting';
  const toggle = () => {
    if (stopping) return;
    guard(on ? actions.disconnect(profile.name) : actions.connect(profile.name));
  };

  return (
    <article
      className={`card profile${state.kind === 'connected' ? ' is-connected' : ''}`}
      aria-labelledby={`profile-${profile.name}`}
      data-testid="profile-card"
      data-profile={profile.name}
      data-state={state.kind}
    >
      <div className="profile-head">
        <span className={stateDot(state)} aria-hidden="true" />
        <div className="profile-title">
          {renaming ? (
            <RenameForm
              current={profile.name}
              onCancel={() => setRenaming(false)}
              onSave={(to) => {
                setRenaming(false);
                if (to !== profile.name) guard(actions.rename(profile.name, to));
              }}
            />
          ) : (
            <h2 id={`profile-${profile.name}`}>{profile.name}</h2>
          )}
          <span className="profile-stage muted" data-testid="profile-stage">
            {stageText(state, t)}
          </span>
        </div>
        {badge && (
          <span className={`badge badge-${badge.tone}`} data-testid="cert-badge">
            {badge.text}
          </span>
        )}
        {profile.passwordSaved && (
          <span className="badge" data-testid="password-saved">
            <Icon name="key" />
            {t('profiles.passwordSaved')}
          </span>
        )}
        <div
          className="row profile-tools"
          role="group"
          aria-label={t('profiles.actions', { name: profile.name })}
        >
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => setShowDetails(true)}
            data-testid="profile-details-open"
          >
            {t('profiles.details')}
          </button>
          {profile.passwordSaved && (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() =>
                guard(actions.forgetPassword(profile.name).then(() => setForgotten(true)))
              }
              data-testid="forget-password"
            >
              {t('profiles.forgetPassword')}
            </button>
          )}
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => setRenaming(true)}
            disabled={locked || renaming}
            title={t('common.rename')}
          >
            <Icon name="pencil" />
            <span className="sr-only">{t('common.rename')}</span>
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => setDeleting(true)}
            disabled={locked}
            title={t('common.delete')}
            data-testid="delete-profile"
          >
            <Icon name="trash" />
            <span className="sr-only">{t('common.delete')}</span>
          </button>
        </div>
        <button
          type="button"
          role="switch"
          className={`switch${isBusy(state) ? ' busy' : ''}`}
          aria-checked={on}
          aria-label={t('connect.toggle', { name: profile.name })}
          // aria-disabled, not disabled: a disabled control drops keyboard focus, and focus
          // returns here when the sign-in dialog is canceled (which starts disconnecting).
          aria-disabled={stopping || undefined}
          onClick={toggle}
          data-testid="connect-toggle"
        />
      </div>

      <dl className="profile-facts">
        <div>
          <dt>{t('profiles.server')}</dt>
          <dd className="mono" data-testid="profile-server">
            {serverText(profile)}
          </dd>
        </div>
        <div>
          <dt>{t('profiles.protocol')}</dt>
          <dd>{protocolText(profile)}</dd>
        </div>
        <div>
          <dt>{inUse ? t('profiles.cipherInUse') : t('profiles.ciphersOffered')}</dt>
          <dd className="mono" data-testid="profile-cipher">
            {inUse ?? offeredCiphersText(profile)}
          </dd>
        </div>
        <div>
          <dt>{t('profiles.auth')}</dt>
          <dd>{authText(profile, t)}</dd>
        </div>
      </dl>
      {!profile.serverVerified && (
        <Notice tone="warn" testId="server-unverified">
          {t('profiles.serverUnverified')}
        </Notice>
      )}
      <ImportNotes warnings={profile.warnings} />
      {forgotten && !profile.passwordSaved && (
        <p className="muted" role="status" data-testid="password-forgotten">
          {t('profiles.passwordForgotten', { name: profile.name })}
        </p>
      )}

      {(isBusy(state) || state.kind === 'connected' || state.kind === 'failed' || actionError) && (
        <div className="profile-body">
          {session && isBusy(state) && (
            <StageIndicator
              state={state}
              {...(props.progress ? { progress: props.progress } : {})}
              startedAt={session.startedAt}
              remotes={profile.remotes}
            />
          )}
          {state.kind === 'connected' && (
            <ConnectedView
              remote={state.remote}
              tunnel={state.tunnel}
              since={state.since}
              stats={session?.stats}
              history={props.history}
            />
          )}
          {state.kind === 'failed' && <FailurePanel reason={state.reason} />}
          {actionError && (
            <p className="inline-error" role="alert">
              {actionError}
            </p>
          )}
        </div>
      )}

      {showDetails && (
        <ProfileDetails profile={profile} state={state} onClose={() => setShowDetails(false)} />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('profiles.delete.title')}
          body={t('profiles.delete.body', { name: profile.name })}
          confirmLabel={t('common.delete')}
          danger
          onCancel={() => setDeleting(false)}
          onConfirm={() => {
            setDeleting(false);
            guard(actions.remove(profile.name));
          }}
        />
      )}
    </article>
  );
}
