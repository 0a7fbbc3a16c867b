import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { Modal } from './Modal';

/**
 * Re-importing a profile whose name is taken: replace the stored one (main keeps its saved
 * password only when server and user are unchanged), or import under another name.
 */
export function ProfileExistsDialog(props: {
  name: string;
  onReplace: () => void;
  onRename: (name: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [other, setOther] = useState(`${props.name}-2`);
  const trimmed = other.trim();
  return (
    <Modal
      title={t('import.exists.title', { name: props.name })}
      onClose={props.onCancel}
      onSubmit={() => trimmed && props.onRename(trimmed)}
      testId="profile-exists-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn" disabled={!trimmed || trimmed === props.name}>
            {t('import.importAs')}
          </button>
          <button type="button" className="btn btn-primary" onClick={props.onReplace} autoFocus>
            {t('import.replace')}
          </button>
        </>
      }
    >
      <p>{t('import.exists.body')}</p>
      <div className="field">
        <label htmlFor="import-other-name">{t('import.newNameLabel')}</label>
        <input
          id="import-other-name"
          type="text"
          value={other}
          maxLength={64}
          onChange={(e) => setOther(e.target.value)}
        />
      </div>
    </Modal>
  );
}
