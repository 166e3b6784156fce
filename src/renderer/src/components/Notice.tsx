/** A dismissible message bar for errors and confirmations (announced to screen readers). */
import type { Notice as NoticeData } from '../state/session.js';

export function Notice({ notice, onDismiss }: { notice: NoticeData; onDismiss?: () => void }) {
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span className="notice-text">{notice.text}</span>
      {onDismiss && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss} aria-label="Dismiss message">
          Dismiss
        </button>
      )}
    </div>
  );
}

export function InlineError({ text }: { text: string | null }) {
  if (!text) return null;
  return <p className="inline-error" role="alert">{text}</p>;
}
