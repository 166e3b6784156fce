/** Create or edit a connection profile: team catalog (Postgres), workspace, S3 and Milvus; secrets through SecretField. */
import { useState, type FormEvent } from 'react';
import type { ConnectionProfileInput, ConnectionProfileView } from '../../../../shared/api.js';
import { draftOf, SecretField, secretInput, type SecretDraft } from './SecretField.js';

interface Draft {
  name: string;
  pgUrl: string; pgSchema: string; pgPassword: SecretDraft; pgTimeout: string;
  workspace: string;
  s3Endpoint: string; s3Region: string; s3Bucket: string; s3PathStyle: boolean; s3KeyId: SecretDraft; s3Secret: SecretDraft;
  milvusAddress: string; milvusToken: SecretDraft;
}

function draftFrom(p: ConnectionProfileView | null): Draft {
  return {
    name: p?.name ?? '',
    pgUrl: p?.postgres?.url ?? '', pgSchema: p?.postgres?.schema ?? '', pgPassword: draftOf(p?.postgres?.password),
    pgTimeout: p?.postgres?.statementTimeoutMs ? String(p.postgres.statementTimeoutMs / 1000) : '',
    workspace: p?.workspace ?? '',
    s3Endpoint: p?.s3?.endpoint ?? '', s3Region: p?.s3?.region ?? '', s3Bucket: p?.s3?.bucket ?? '', s3PathStyle: p?.s3?.forcePathStyle ?? false,
    s3KeyId: draftOf(p?.s3?.accessKeyId), s3Secret: draftOf(p?.s3?.secretAccessKey),
    milvusAddress: p?.milvus?.address ?? '', milvusToken: draftOf(p?.milvus?.token),
  };
}

function toInput(d: Draft): ConnectionProfileInput {
  const s3Used = Boolean(d.s3Endpoint || d.s3Region || d.s3Bucket || d.s3KeyId.mode !== 'none' || d.s3Secret.mode !== 'none');
  const timeout = Number(d.pgTimeout);
  return {
    name: d.name.trim(),
    postgres: d.pgUrl.trim() ? {
      url: d.pgUrl.trim(), password: secretInput(d.pgPassword),
      ...(d.pgSchema.trim() ? { schema: d.pgSchema.trim() } : {}),
      ...(d.pgTimeout.trim() && Number.isFinite(timeout) ? { statementTimeoutMs: Math.round(timeout * 1000) } : {}),
    } : null,
    workspace: d.workspace.trim() || null,
    s3: s3Used ? {
      ...(d.s3Endpoint.trim() ? { endpoint: d.s3Endpoint.trim() } : {}), ...(d.s3Region.trim() ? { region: d.s3Region.trim() } : {}),
      ...(d.s3Bucket.trim() ? { bucket: d.s3Bucket.trim() } : {}), forcePathStyle: d.s3PathStyle,
      accessKeyId: secretInput(d.s3KeyId), secretAccessKey: secretInput(d.s3Secret),
    } : null,
    milvus: d.milvusAddress.trim() ? { address: d.milvusAddress.trim(), token: secretInput(d.milvusToken) } : null,
  };
}

export function ProfileForm(props: { profile: ConnectionProfileView | null; keychain: boolean; onSave: (p: ConnectionProfileInput) => Promise<boolean>; onCancel: () => void }) {
  const { profile, keychain, onSave, onCancel } = props;
  const [d, setD] = useState<Draft>(() => draftFrom(profile));
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setD((x) => ({ ...x, [k]: v }));
  const text = (k: 'name' | 'pgUrl' | 'pgSchema' | 'pgTimeout' | 'workspace' | 's3Endpoint' | 's3Region' | 's3Bucket' | 'milvusAddress', label: string, placeholder = '', mono = true) => (
    <label className="field grow">
      <span className="label">{label}</span>
      <input className={`input${mono ? ' mono' : ''}`} value={d[k]} placeholder={placeholder} spellCheck={false} onChange={(e) => set(k, e.target.value)} disabled={k === 'name' && profile !== null} />
    </label>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    try {
      if (await onSave(toInput(d))) onCancel();
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card settings" onSubmit={(e) => void submit(e)} aria-label={profile ? `Edit profile ${profile.name}` : 'New profile'}>
      <h2>{profile ? `Edit ${profile.name}` : 'New profile'}</h2>
      <div className="row wrap">{text('name', 'Profile name', 'team', false)}{text('workspace', 'Workspace', 'default', false)}</div>
      <h3>Team catalog (PostgreSQL)</h3>
      <p className="muted small">History, the audit trail and the rows used by “dedupe against team data” are kept here. The URL has no password; it goes below.</p>
      <div className="row wrap">{text('pgUrl', 'URL', 'postgres://user@db.internal:5432/sanitizer?sslmode=verify-full')}{text('pgSchema', 'Schema', 'data_sanitizer')}{text('pgTimeout', 'Statement timeout (s)', '60')}</div>
      <SecretField label="Password" state={profile?.postgres?.password} draft={d.pgPassword} keychain={keychain} onChange={(v) => set('pgPassword', v)} />
      <h3>S3 or an S3-compatible store</h3>
      <div className="row wrap">{text('s3Endpoint', 'Endpoint (empty: AWS)', 'https://minio.internal:9000')}{text('s3Region', 'Region', 'us-east-1')}{text('s3Bucket', 'Bucket to test', '')}</div>
      <label className="check"><input type="checkbox" checked={d.s3PathStyle} onChange={(e) => set('s3PathStyle', e.target.checked)} /> Path-style addressing (MinIO, Ceph)</label>
      <div className="row wrap">
        <SecretField label="Access key id" state={profile?.s3?.accessKeyId} draft={d.s3KeyId} keychain={keychain} onChange={(v) => set('s3KeyId', v)} />
        <SecretField label="Secret access key" state={profile?.s3?.secretAccessKey} draft={d.s3Secret} keychain={keychain} onChange={(v) => set('s3Secret', v)} />
      </div>
      <h3>Milvus (optional)</h3>
      <div className="row wrap">{text('milvusAddress', 'Address', 'milvus.internal:19530')}</div>
      <SecretField label="Token" state={profile?.milvus?.token} draft={d.milvusToken} keychain={keychain} onChange={(v) => set('milvusToken', v)} />
      {!keychain && <p className="muted small">No OS keychain is available here: name environment variables for secrets.</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={saving || !d.name.trim()}>Save profile</button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
