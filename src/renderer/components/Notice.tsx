import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

type Tone = 'bad' | 'ok' | 'info' | 'warn';
const ICONS: Record<Tone, IconName> = { bad: 'alert', ok: 'check', info: 'info', warn: 'alert' };

/** A tinted message box. Errors are role=alert so screen readers announce them at once. */
export function Notice(props: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <div
      className={`notice notice-${props.tone}`}
      role={props.tone === 'bad' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      <Icon name={ICONS[props.tone]} className="notice-icon" />
      <div className="stack" style={{ gap: 4, minWidth: 0 }}>
        {props.children}
      </div>
    </div>
  );
}
