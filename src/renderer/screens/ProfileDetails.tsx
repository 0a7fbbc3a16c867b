import type { ProfileView } from '../../shared/ipc-schema';
import type { TunnelState } from '../../shared/tunnel-state';
import { Modal } from '../components/Modal';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { formatDateTime } from '../util/format';
import { cipherInUse, offeredCiphersText } from '../util/profile-facts';

const CERT_ROLE: Record<ProfileView['certificates'][number]['role'], MessageKey> = {
  ca: 'details.cert.ca',
  client: 'details.cert.client',
  extra: 'details.cert.extra',
};

function Row(props: { label: string; children: string; testId?: string; mono?: boolean }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd className={props.mono ? 'mono' : undefined} data-testid={props.testId}>
        {props.children}
      </dd>
    </div>
  );
}

/** Everything the profile says about the connection, and what was negotiated once connected. */
export function ProfileDetails(props: {
  profile: ProfileView;
  state: TunnelState;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { profile } = props;
  const inUse = cipherInUse(props.state);
  const when = (iso: string) => formatDateTime(iso, locale);
  return (
    <Modal
      title={t('details.title', { name: profile.name })}
      onClose={props.onClose}
      onSubmit={props.onClose}
      testId="profile-details"
      wide
      actions={
        <button type="submit" className="btn btn-primary">
          {t('common.close')}
        </button>
      }
    >
      <dl className="details-list">
        <Row label={t('details.remotes')} testId="details-remotes" mono>
          {profile.remotes.map((r) => `${r.host}:${r.port} ${r.proto.toUpperCase()}`).join(', ') ||
            '—'}
        </Row>
        <Row label={t('profiles.ciphersOffered')} testId="details-ciphers" mono>
          {offeredCiphersText(profile)}
        </Row>
        <Row label={t('profiles.cipherInUse')} testId="details-cipher-in-use" mono>
          {inUse ?? t('details.notConnected')}
        </Row>
        <Row label={t('details.digest')} mono>
          {profile.digest}
        </Row>
        <Row label={t('details.tlsWrap')} testId="details-tls-wrap" mono>
          {profile.tlsWrap === 'none' ? t('details.tlsWrap.none') : profile.tlsWrap}
        </Row>
        <Row label={t('details.compression')} testId="details-compression" mono>
          {profile.compression === 'none' ? t('details.compression.none') : profile.compression}
        </Row>
        <Row label={t('details.source')} mono>
          {profile.source.path}
        </Row>
      </dl>
      <h3>{t('details.certificates')}</h3>
      {profile.certificates.length === 0 && <p className="muted">{t('details.noCertificates')}</p>}
      {profile.certificates.map((c) => (
        <section key={c.sha256} className="details-cert" data-testid="details-cert">
          <h4>{t(CERT_ROLE[c.role])}</h4>
          <dl className="details-list">
            <Row label={t('details.subject')} mono>
              {c.subject}
            </Row>
            <Row label={t('details.issuer')} mono>
              {c.issuer}
            </Row>
            <Row label={t('details.validity')}>
              {t('details.validRange', { from: when(c.notBefore), to: when(c.notAfter) })}
            </Row>
            <Row label={t('details.fingerprint')} testId="details-fingerprint" mono>
              {c.sha256}
            </Row>
          </dl>
        </section>
      ))}
    </Modal>
  );
}
