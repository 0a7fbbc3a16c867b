import { useState } from 'react';
import { ipcErrorOf } from '../../shared/ipc-error';
import type { AdminSourceAdd, AdminSourceView } from '../../shared/ipc-schema';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { useI18n } from '../i18n/i18n';
import { SourceForm } from './SourceForm';

/** The list of admin sources (Tencent accounts, VICI sockets, snapshots) with add and remove. */
export function SourcesPanel(props: {
  sources: AdminSourceView[];
  selected?: string;
  onSelect: (sourceId: string) => void;
  onAdd: (source: AdminSourceAdd) => Promise<void>;
  onRemove: (sourceId: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(props.sources.length === 0);
  const [removing, setRemoving] = useState<AdminSourceView>();
  const [problem, setProblem] = useState<string>();

  const add = async (source: AdminSourceAdd) => {
    setProblem(undefined);
    try {
      await props.onAdd(source);
      setAdding(false);
    } catch (err) {
      setProblem(ipcErrorOf(err).message);
    }
  };

  return (
    <section className="card" aria-labelledby="admin-sources">
      <div className="card-head">
        <h2 id="admin-sources">{t('admin.sources')}</h2>
        <button
          type="button"
          className="btn btn-sm"
          aria-expanded={adding}
          onClick={() => setAdding((a) => !a)}
          data-testid="add-source-toggle"
        >
          <Icon name="plus" />
          {t('admin.addSource')}
        </button>
      </div>
      {props.sources.length === 0 && !adding && (
        <p className="card-body muted">{t('admin.noSources')}</p>
      )}
      {props.sources.length > 0 && (
        <ul className="source-list" role="list">
          {props.sources.map((s) => (
            <li key={s.sourceId} className={s.sourceId === props.selected ? 'selected' : ''}>
              <button
                type="button"
                className="source-pick"
                aria-pressed={s.sourceId === props.selected}
                onClick={() => props.onSelect(s.sourceId)}
              >
                <span className="badge">{t(`admin.kind.${s.kind}`)}</span>
                <span className="source-label">{s.label}</span>
                <span className="mono faint source-detail">{s.detail}</span>
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => setRemoving(s)}
                title={t('admin.removeSource')}
              >
                <Icon name="trash" />
                <span className="sr-only">
                  {t('admin.removeSource')} {s.label}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {adding && (
        <div className="card-body source-form-wrap">
          <SourceForm onSubmit={add} onCancel={() => setAdding(false)} />
          {problem && <Notice tone="bad">{problem}</Notice>}
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={t('admin.removeSourceTitle')}
          body={t('admin.removeSourceBody', { name: removing.label })}
          confirmLabel={t('admin.removeSource')}
          danger
          onCancel={() => setRemoving(undefined)}
          onConfirm={() => {
            const id = removing.sourceId;
            setRemoving(undefined);
            props.onRemove(id).catch((err: unknown) => setProblem(ipcErrorOf(err).message));
          }}
        />
      )}
    </section>
  );
}
