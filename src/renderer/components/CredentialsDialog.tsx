import { useCallback, useState } from 'react';
import type { CredentialRequest } from '../../shared/tunnel-state';
import { useI18n } from '../i18n/i18n';
import { Modal } from './Modal';

export interface CredentialAnswer {
  username: string;
  password: string;
  /** The static or dynamic (CRV1) challenge response, when one was asked. */
  response?: string;
  remember: boolean;
}

/**
 * Asks for what the server needs: username and password (plus a static challenge such as an
 * OTP), or only the answer to a dynamic CRV1 challenge. `echo` decides whether the answer is
 * shown while typed.
 */
export function CredentialsDialog(props: {
  profileName: string;
  request: CredentialRequest;
  /** Main may not be able to save passwords (no keystore): then the box is not offered. */
  canRemember: boolean;
  onSubmit: (answer: CredentialAnswer) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { request, onSubmit } = props;
  const dynamic = request.kind === 'challenge';
  // The passphrase of the profile's own encrypted key: one field, nothing to remember.
  const keyOnly = request.kind === 'key-passphrase';
  const challenge = dynamic ? request : keyOnly ? undefined : request.staticChallenge;
  const [username, setUsername] = useState(keyOnly ? '' : (request.username ?? ''));
  const [password, setPassword] = useState('');
  const [response, setResponse] = useState('');
  const [remember, setRemember] = useState(false);

  const offerRemember = !dynamic && !keyOnly && props.canRemember;

  const submit = useCallback(() => {
    onSubmit({
      username,
      password,
      ...(challenge ? { response } : {}),
      remember: offerRemember && remember,
    });
  }, [onSubmit, username, password, response, remember, challenge, offerRemember]);

  const title = keyOnly
    ? t('creds.keyTitle', { name: props.profileName })
    : dynamic
      ? t('creds.challengeTitle', { name: props.profileName })
      : t('creds.title', { name: props.profileName });
  const canSubmit = keyOnly
    ? password.length > 0
    : dynamic
      ? response.length > 0
      : username.length > 0 && password.length > 0;

  return (
    <Modal
      title={title}
      onClose={props.onCancel}
      onSubmit={submit}
      testId="credentials-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!canSubmit}>
            {t('creds.submit')}
          </button>
        </>
      }
    >
      {!dynamic && (
        <>
          <div className="field" hidden={keyOnly}>
            <label htmlFor="cred-username">{t('creds.username')}</label>
            <input
              id="cred-username"
              type="text"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoFocus={!username && !keyOnly}
              required={!keyOnly}
            />
          </div>
          <div className="field">
            <label htmlFor="cred-password">
              {keyOnly ? t('creds.keyPassphrase') : t('creds.password')}
            </label>
            <input
              id="cred-password"
              type="password"
              autoComplete={keyOnly ? 'off' : 'current-password'}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoFocus={Boolean(username) || keyOnly}
              required
            />
          </div>
        </>
      )}
      {challenge && (
        <div className="field">
          <label htmlFor="cred-response">{challenge.text || t('creds.response')}</label>
          <input
            id="cred-response"
            type={challenge.echo ? 'text' : 'password'}
            autoComplete="one-time-code"
            inputMode={challenge.echo ? 'text' : undefined}
            value={response}
            onChange={(e) => setResponse(e.target.value)}
            autoFocus={dynamic}
            required
          />
        </div>
      )}
      {offerRemember && (
        <label className="check">
          <input
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
          <span>{t('creds.remember')}</span>
        </label>
      )}
    </Modal>
  );
}
