import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

/**
 * A modal on the native <dialog>: showModal() gives focus trapping, Escape to close and an
 * inert page behind it, which is what a hand-rolled overlay usually gets wrong.
 */
export function Modal(props: {
  title: string;
  onClose: () => void;
  onSubmit?: () => void;
  children: ReactNode;
  actions: ReactNode;
  testId?: string;
  /** Room for tables of facts (the profile details). */
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  // Read during the first render, before showModal() moves focus into the dialog.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );

  // The dialog leaves the DOM without close(), so the browser does not restore focus itself:
  // keyboard users land back on the control that opened it, not at the top of the page.
  useEffect(
    () => () => {
      if (opener?.isConnected) opener.focus();
    },
    [opener],
  );

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const cancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', cancel);
    return () => dialog.removeEventListener('cancel', cancel);
  }, [onClose]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit?.();
  };

  const titleId = `${props.testId ?? 'modal'}-title`;
  return (
    <dialog
      ref={ref}
      className={props.wide ? 'modal modal-wide' : 'modal'}
      aria-labelledby={titleId}
      data-testid={props.testId}
    >
      <form onSubmit={submit}>
        <div className="modal-body">
          <h2 id={titleId}>{props.title}</h2>
          {props.children}
        </div>
        <div className="modal-actions">{props.actions}</div>
      </form>
    </dialog>
  );
}
