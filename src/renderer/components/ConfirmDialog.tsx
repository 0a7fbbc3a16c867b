import { useI18n } from '../i18n/i18n';
import { Modal } from './Modal';

/** Asks before anything destructive; the safe choice (Cancel) has focus first. */
export function ConfirmDialog(props: {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      title={props.title}
      onClose={props.onCancel}
      onSubmit={props.onConfirm}
      testId="confirm-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={props.onCancel} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="submit" className={props.danger ? 'btn btn-danger' : 'btn btn-primary'}>
            {props.confirmLabel}
          </button>
        </>
      }
    >
      <p>{props.body}</p>
    </Modal>
  );
}
