/** The ObjectStore port: where run artifacts are published and inputs fetched (local disk or S3). */

export interface PutOptions {
  contentType?: string;
  signal?: AbortSignal;
  /**
   * Called once a multipart upload exists, before any part is sent, so a journal can name it: a process
   * killed mid-upload cannot abort it itself, and the next command aborts it from the journal.
   */
  onMultipart?: (uploadId: string) => Promise<void>;
}

export interface FetchedObject {
  bytes: number;
  /** sha256 of the content, computed while it streamed to disk. */
  sha256: string;
}

/** Keys are '/'-separated names inside the store; an object appears whole or not at all. */
export interface ObjectStore {
  /** How a user names the object: `s3://bucket/key`, or a local path. */
  url(key: string): string;
  /** Uploads a local file; a failed upload leaves no object (S3: the multipart upload is aborted). */
  putFile(key: string, path: string, opts?: PutOptions): Promise<void>;
  /** Streams an object to a local file. */
  getFile(key: string, path: string, opts?: { signal?: AbortSignal }): Promise<FetchedObject>;
  exists(key: string): Promise<boolean>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Aborts an unfinished multipart upload (its parts are discarded); an unknown upload is not an error. */
  abortUpload(key: string, uploadId: string): Promise<void>;
  /** Removes objects; missing ones are not an error. */
  delete(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
