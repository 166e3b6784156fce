/** How to reach a Milvus server; the SDK itself loads only when an index is opened. */
export interface MilvusOptions {
  /** `host:19530` or `https://host:443`. */
  address: string;
  /** API key or `user:password` (Zilliz Cloud, or Milvus with authentication on). */
  token?: string;
  username?: string;
  password?: string;
  /** TLS to the server. @default true for https:// addresses */
  ssl?: boolean;
  /** Milvus database. @default 'default' */
  database?: string;
  /** Collection names start with this, then the dataset's hash. @default 'ds_sig_' */
  collectionPrefix?: string;
  /** Per-call timeout in ms. @default 30000 */
  timeoutMs?: number;
}
