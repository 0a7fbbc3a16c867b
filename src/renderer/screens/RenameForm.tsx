import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** Inline rename: Enter saves, Escape cancels, focus lands in the field. */
export function RenameForm(props: {
  current: string;
  onSave: (name: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(props.current);
  const trimmed = value.trim();
  return (
    <form
      className="row rename"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed) props.onSave(trimmed);
      }}
    >
      <input
        type="text"
        aria-label={t('profiles.rename.label', { name: props.current })}
        value={value}
        maxLength={64}
        autoFocus
        onFocus={(e) => e.target.select()}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onCancel();
        }}
      />
      <button type="submit" className="btn btn-primary btn-sm" disabled={!trimmed}>
        {t('common.save')}
      </button>
      <button type="button" className="btn btn-sm" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
