import { useId, useRef, useState, type DragEvent } from 'react';
import type { ImportRequest } from '../../shared/ipc-schema';
import { useI18n } from '../i18n/i18n';
import { droppedFilePath } from '../api/client';
import { Icon } from './Icon';
import { Notice } from './Notice';
import { ProfileExistsDialog } from './ProfileExistsDialog';

/** The schema's request: bytes from a file, or pasted text with the name the user typed. */
export type { ImportRequest };

export type ImportOutcome =
  | { ok: true; name: string; replaced?: boolean }
  | { ok: false; error: string; hint?: string }
  /** The name is taken: `request` is what to send again, with `replace` or another name. */
  | { ok: 'exists'; name: string; request: ImportRequest };

/** A zip of a profile with certificates is small; anything bigger is a mistake. */
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * The three ways in: the file picker, drag and drop, and pasting the text. All produce bytes
 * and a file name; main decides what the bytes are (zip, .ovpn, Tencent JSON).
 */
export function ImportPanel(props: {
  onImport: (req: ImportRequest) => Promise<ImportOutcome>;
  /**
   * The desktop app's native file dialog: main reads the file by path, so an .ovpn that names
   * sibling files (ca.crt, client.key) imports whole. Undefined in the browser dev host.
   */
  onChooseNative?: () => Promise<ImportOutcome | undefined>;
}) {
  const { t } = useI18n();
  const ids = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [pasting, setPasting] = useState(false);
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome>();
  const exists = outcome?.ok === 'exists' ? outcome : undefined;

  const run = async (req: ImportRequest) => settle(() => props.onImport(req));

  const settle = async (work: () => Promise<ImportOutcome | undefined>) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const result = await work();
      if (!result) return; // the native dialog was cancelled
      setOutcome(result);
      if (result.ok) {
        setText('');
        setName('');
        setPasting(false);
      }
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    // In the desktop app a dropped file has a path: main reads it with its sibling files
    // (ca.crt, client.key), as "Choose file…" does. In a browser only the bytes exist.
    const path = droppedFilePath(file);
    if (path) return run({ from: 'path', path });
    if (file.size > MAX_BYTES) {
      setOutcome({ ok: false, error: t('import.tooLarge', { size: '4 MiB' }) });
      return;
    }
    await run({
      from: 'bytes',
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void importFile(event.dataTransfer.files[0]);
  };

  const importText = () => {
    const trimmed = name.trim();
    void run({ from: 'text', text, ...(trimmed ? { name: trimmed } : {}) });
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`} data-testid="import-panel">
      <div className="card-head">
        <h2 id={`${ids}-title`}>{t('import.title')}</h2>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          aria-expanded={pasting}
          aria-controls={`${ids}-paste`}
          onClick={() => setPasting((p) => !p)}
        >
          <Icon name="clipboard" />
          {t('import.pasteToggle')}
        </button>
      </div>
      <div className="card-body stack">
        <div
          className={`dropzone${dragging ? ' active' : ''}`}
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Icon name="upload" className="dropzone-icon" />
          <span>{dragging ? t('import.dropActive') : t('import.drop')}</span>
          <span className="faint">{t('import.or')}</span>
          <button
            type="button"
            className="btn"
            onClick={() => {
              const native = props.onChooseNative;
              if (native) void settle(native);
              else fileInput.current?.click();
            }}
            disabled={busy}
          >
            <Icon name="file" />
            {t('import.choose')}
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            accept=".ovpn,.conf,.zip,.json,.txt"
            data-testid="import-file"
            aria-label={t('import.choose')}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              void importFile(file);
            }}
          />
        </div>
        {pasting && (
          <div id={`${ids}-paste`} className="stack">
            <div className="field">
              <label htmlFor={`${ids}-name`}>{t('import.nameLabel')}</label>
              <input
                id={`${ids}-name`}
                type="text"
                value={name}
                onChange={(e) => setName(e.target.value)}
                data-testid="paste-name"
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-text`}>{t('import.pasteLabel')}</label>
              <textarea
                id={`${ids}-text`}
                value={text}
                spellCheck={false}
                placeholder={t('import.pastePlaceholder')}
                onChange={(e) => setText(e.target.value)}
                data-testid="paste-text"
              />
            </div>
            <div className="row">
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy || text.trim() === ''}
                onClick={importText}
                data-testid="paste-submit"
              >
                {busy ? t('import.busy') : t('import.submit')}
              </button>
            </div>
          </div>
        )}
        {busy && !pasting && (
          <div className="row muted" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('import.busy')}
          </div>
        )}
        {outcome?.ok === true && (
          <Notice tone="ok" testId="import-done">
            {t(outcome.replaced ? 'import.replaced' : 'import.done', { name: outcome.name })}
          </Notice>
        )}
        {exists && (
          <ProfileExistsDialog
            name={exists.name}
            onCancel={() => setOutcome(undefined)}
            onReplace={() => void run({ ...exists.request, replace: true })}
            onRename={(other) => void run({ ...exists.request, name: other })}
          />
        )}
        {outcome?.ok === false && (
          <Notice tone="bad" testId="import-error">
            <strong>{t('import.failed')}</strong>
            <span className="mono" data-testid="import-error-line">
              {outcome.error}
            </span>
            {outcome.hint && <span>{outcome.hint}</span>}
          </Notice>
        )}
      </div>
    </section>
  );
}
