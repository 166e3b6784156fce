/**
 * A journal of a run's uploads to an object store, so a run killed mid-publish (kill -9, power loss)
 * leaves nothing behind once the next command starts: its objects are deleted and its unfinished
 * multipart uploads aborted. A killed process cannot clean up itself; the journal tells its successor what to.
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pidAlive } from '../store/pid.js';
import type { ObjectStore } from './objectStore.js';
import type { RunStore } from './ports.js';

export interface JournalEntry {
  version: 1;
  runId: string;
  /** The process publishing; the journal is local, so a live pid means the run may still be uploading. */
  pid: number;
  bucket: string;
  /** The run's own prefix: every object under it belongs to the run. */
  prefix: string;
  /** Multipart uploads started, which may still hold parts if the process died. */
  uploads: { key: string; uploadId: string }[];
}

export function journalDir(dataDir: string): string {
  return join(dataDir, 'pending-uploads');
}

async function writeEntry(path: string, entry: JournalEntry): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(entry));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

export interface UploadJournal {
  /** Records a multipart upload before its first part is sent. */
  addUpload(key: string, uploadId: string): Promise<void>;
  /** The run was recorded as finished (its objects published, or deleted on failure): forget it. */
  remove(): Promise<void>;
}

/** Starts the journal of one run's uploads; written (and fsynced) before the first byte goes up. */
export async function startJournal(dir: string, runId: string, bucket: string, prefix: string): Promise<UploadJournal> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${runId}.json`);
  const entry: JournalEntry = { version: 1, runId, pid: process.pid, bucket, prefix, uploads: [] };
  await writeEntry(path, entry);
  return {
    async addUpload(key, uploadId) {
      entry.uploads.push({ key, uploadId });
      await writeEntry(path, entry);
    },
    remove: () => rm(path, { force: true }),
  };
}

/**
 * Cleans up after runs that died while publishing: for each journal whose run is no longer running
 * (interrupted, failed or cancelled), deletes the run's objects and aborts its multipart uploads; a
 * journal of a run that did succeed is only dropped. Call after `store.recoverInterrupted()`.
 * A journal whose clean-up fails stays for the next command. Returns the runs cleaned up.
 */
export async function recoverUploads(dir: string, store: RunStore, openBucket: (bucket: string) => Promise<ObjectStore>): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const cleaned: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const path = join(dir, name);
    let entry: JournalEntry;
    try {
      entry = JSON.parse(await readFile(path, 'utf8')) as JournalEntry;
    } catch {
      continue;
    }
    if (entry.version !== 1 || !entry.prefix) continue;
    const run = await store.getRun(entry.runId);
    // A run this catalog does not know (another --store) is judged by its process alone.
    if (run?.status === 'running' || (run === null && pidAlive(entry.pid))) continue;
    if (run?.status === 'succeeded') {
      await rm(path, { force: true });
      continue;
    }
    try {
      const objects = await openBucket(entry.bucket);
      try {
        // Visible objects first: they are what a reader of the bucket would mistake for a result.
        await objects.delete(await objects.list(entry.prefix));
        for (const u of entry.uploads) await objects.abortUpload(u.key, u.uploadId);
      } finally {
        await objects.close();
      }
      await rm(path, { force: true });
      cleaned.push(entry.runId);
    } catch {
      // Unreachable or refused: the journal stays, and the next command tries again.
    }
  }
  return cleaned;
}
