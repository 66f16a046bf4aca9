import { createPool, isConnectionError, unavailable, type Pool } from '../postgis/pool.ts';
import type { BlobMeta, BlobStore, StoredBlob } from './blob-store.ts';

interface BlobRow {
  id: string;
  subject: string;
  county_code: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  created_at: Date;
  bytes?: Buffer;
}

const META_COLUMNS = 'id, subject, county_code, content_type, size, sha256, uploaded_by, created_at';

function toMeta(row: BlobRow): BlobMeta {
  return {
    id: row.id,
    subject: row.subject,
    countyCode: row.county_code,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Attachments in PostgreSQL: the `blobs` table (migration 010_blobs.sql), bytes as bytea. Photos
 * are capped at 5 MB, well inside what bytea handles, and keeping them in the database means one
 * backup holds the case file and its evidence. Its own small pool: uploads must not starve the
 * store's commits. An unreachable database becomes StoreUnavailableError (503), as for the store.
 */
export class PostgisBlobStore implements BlobStore {
  readonly kind = 'postgis';
  private readonly pool: Pool;

  constructor(url: string) {
    this.pool = createPool(url, { max: 3 });
  }

  async put(meta: BlobMeta, bytes: Buffer): Promise<void> {
    await this.query(
      `INSERT INTO blobs (${META_COLUMNS}, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [meta.id, meta.subject, meta.countyCode, meta.contentType, meta.size, meta.sha256, meta.uploadedBy, meta.createdAt, bytes],
    );
  }

  async get(id: string): Promise<StoredBlob | null> {
    const rows = await this.query(`SELECT ${META_COLUMNS}, bytes FROM blobs WHERE id = $1`, [id]);
    const row = rows[0];
    return row?.bytes ? { meta: toMeta(row), bytes: row.bytes } : null;
  }

  async meta(id: string): Promise<BlobMeta | null> {
    const rows = await this.query(`SELECT ${META_COLUMNS} FROM blobs WHERE id = $1`, [id]);
    return rows[0] ? toMeta(rows[0]) : null;
  }

  async list(subject: string): Promise<BlobMeta[]> {
    return (await this.query(`SELECT ${META_COLUMNS} FROM blobs WHERE subject = $1 ORDER BY created_at, id`, [subject])).map(toMeta);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async query(text: string, values: unknown[]): Promise<BlobRow[]> {
    try {
      return (await this.pool.query<BlobRow>(text, values)).rows;
    } catch (error) {
      if (isConnectionError(error)) throw unavailable(error);
      throw error;
    }
  }
}
