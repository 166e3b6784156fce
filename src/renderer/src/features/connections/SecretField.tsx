/** One secret in the profile form: keep the stored one, type a new one (kept in the OS keychain), name an environment variable, or none. */
import type { SecretInput, SecretState } from '../../../../shared/api.js';

type Mode = 'keep' | 'value' | 'env' | 'none';

export interface SecretDraft {
  mode: Mode;
  text: string;
}

/** The draft a form starts from: keep whatever is stored. */
export function draftOf(state: SecretState | undefined): SecretDraft {
  if (!state || state.kind === 'none') return { mode: 'none', text: '' };
  return { mode: 'keep', text: state.kind === 'env' ? state.name : '' };
}

export function secretInput(d: SecretDraft): SecretInput {
  switch (d.mode) {
    case 'keep': return { keep: true };
    case 'value': return d.text ? { value: d.text } : null;
    case 'env': return d.text.trim() ? { env: d.text.trim() } : null;
    case 'none': return null;
  }
}

function describe(state: SecretState | undefined): string {
  if (!state || state.kind === 'none') return 'not set';
  return state.kind === 'env' ? `from $${state.name}` : 'stored in the keychain';
}

export function SecretField(props: { label: string; state: SecretState | undefined; draft: SecretDraft; keychain: boolean; onChange: (d: SecretDraft) => void }) {
  const { label, state, draft, keychain, onChange } = props;
  const stored = state !== undefined && state.kind !== 'none';
  return (
    <div className="field">
      <span className="label">{label} <span className="muted small">({describe(state)})</span></span>
      <div className="row">
        <select className="input" aria-label={`${label}: source`} value={draft.mode} onChange={(e) => onChange({ mode: e.target.value as Mode, text: '' })}>
          {stored && <option value="keep">Keep</option>}
          <option value="value" disabled={!keychain}>Enter{keychain ? '' : ' (no keychain)'}</option>
          <option value="env">Environment variable</option>
          <option value="none">None</option>
        </select>
        {draft.mode === 'value' && (
          <input className="input grow" type="password" autoComplete="off" aria-label={label} value={draft.text} onChange={(e) => onChange({ mode: 'value', text: e.target.value })} />
        )}
        {draft.mode === 'env' && (
          <input className="input grow mono" placeholder="VARIABLE_NAME" aria-label={`${label}: variable`} spellCheck={false} value={draft.text} onChange={(e) => onChange({ mode: 'env', text: e.target.value })} />
        )}
      </div>
    </div>
  );
}
