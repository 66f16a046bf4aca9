/**
 * Photos and other attachments: bytes plus a little metadata, behind one small port so the
 * embedded deployment keeps them as files next to its journal and the PostGIS one in a table.
 * The event log records each upload (`attachment:stored`) for the audit trail; the bytes live here.
 */
export interface BlobMeta {
  /** UUIDv7. */
  id: string;
  /** What the file belongs to: `incident:<uuid>` or `joint-action:<uuid>`. */
  subject: string;
  countyCode: string;
  /** Sniffed from the bytes (image/jpeg, image/png, image/webp), never taken from the request header. */
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

export interface StoredBlob {
  meta: BlobMeta;
  bytes: Buffer;
}

export interface BlobStore {
  readonly kind: 'filesystem' | 'postgis';
  /** Durable once resolved (fsync'd file / committed row). */
  put(meta: BlobMeta, bytes: Buffer): Promise<void>;
  get(id: string): Promise<StoredBlob | null>;
  meta(id: string): Promise<BlobMeta | null>;
  /** Everything attached to a subject, oldest first. */
  list(subject: string): Promise<BlobMeta[]>;
  close(): Promise<void>;
}
