import { useState, type FormEvent } from 'react';
import type { AdminSourceAdd } from '../../shared/ipc-schema';
import { useI18n } from '../i18n/i18n';

type Kind = AdminSourceAdd['kind'];
const KINDS: readonly Kind[] = ['tencent', 'vici', 'snapshot'];

/** Tencent regions where VPN gateways are offered most; free text is accepted too. */
const REGIONS = [
  'ap-guangzhou',
  'ap-shanghai',
  'ap-beijing',
  'ap-chengdu',
  'ap-nanjing',
  'ap-hongkong',
  'ap-singapore',
];

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  secret?: boolean;
  hint?: string;
  list?: string;
  required?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.secret ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={props.value}
        list={props.list}
        required={props.required ?? true}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && (
        <span id={`${props.id}-hint`} className="field-hint">
          {props.hint}
        </span>
      )}
    </div>
  );
}

export function SourceForm(props: {
  onSubmit: (source: AdminSourceAdd) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>('tencent');
  const [label, setLabel] = useState('');
  const [region, setRegion] = useState('ap-guangzhou');
  const [endpoint, setEndpoint] = useState('');
  const [secretId, setSecretId] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);

  const build = (): AdminSourceAdd => {
    const name = label.trim() || (kind === 'tencent' ? region : path.split('/').pop() || kind);
    if (kind === 'tencent') {
      const trimmedEndpoint = endpoint.trim();
      return {
        kind,
        label: name,
        region: region.trim(),
        secretId: secretId.trim(),
        secretKey,
        ...(trimmedEndpoint ? { endpoint: trimmedEndpoint } : {}),
      };
    }
    if (kind === 'vici') return { kind, label: name, socketPath: path.trim() };
    return { kind, label: name, path: path.trim() };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await props.onSubmit(build());
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="source-form" onSubmit={(e) => void submit(e)} data-testid="source-form">
      <div className="field">
        <label htmlFor="src-kind">{t('admin.sourceKind')}</label>
        <select id="src-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`admin.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        id="src-label"
        label={t('admin.sourceLabel')}
        value={label}
        onChange={setLabel}
        required={false}
      />
      {kind === 'tencent' && (
        <>
          <TextField
            id="src-region"
            label={t('admin.region')}
            value={region}
            onChange={setRegion}
            list="src-regions"
          />
          <datalist id="src-regions">
            {REGIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <TextField
            id="src-endpoint"
            label={t('admin.endpoint')}
            value={endpoint}
            onChange={setEndpoint}
            hint={t('admin.endpointHint')}
            required={false}
          />
          <TextField
            id="src-secret-id"
            label={t('admin.secretId')}
            value={secretId}
            onChange={setSecretId}
          />
          <TextField
            id="src-secret-key"
            label={t('admin.secretKey')}
            value={secretKey}
            onChange={setSecretKey}
            secret
          />
        </>
      )}
      {kind === 'vici' && (
        <TextField id="src-socket" label={t('admin.socketPath')} value={path} onChange={setPath} />
      )}
      {kind === 'snapshot' && (
        <TextField id="src-path" label={t('admin.snapshotPath')} value={path} onChange={setPath} />
      )}
      <div className="row source-form-actions">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('admin.addSource')}
        </button>
      </div>
    </form>
  );
}
