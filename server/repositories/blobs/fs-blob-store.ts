import { mkdirSync } from 'node:fs';
import { open, readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobMeta, BlobStore, StoredBlob } from './blob-store.ts';

const ID = /^[0-9a-f-]{36}$/;

/** Writes a file durably: temp file, fsync, rename, then fsync the directory so the rename survives a crash. */
async function writeDurably(dir: string, name: string, data: Buffer | string): Promise<void> {
  const tmp = join(dir, `.${name}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, join(dir, name));
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

/**
 * The embedded store's attachments: `<dataDir>/blobs/<id>.bin` and `<id>.json`. The metadata file
 * is written last, so a crash mid-upload leaves at most an orphan `.bin` that nothing lists.
 * A subject index is built from the metadata files on first use and kept up to date by put().
 */
export class FsBlobStore implements BlobStore {
  readonly kind = 'filesystem';
  private readonly dir: string;
  private index: Promise<Map<string, BlobMeta[]>> | undefined;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'blobs');
    mkdirSync(this.dir, { recursive: true });
  }

  async put(meta: BlobMeta, bytes: Buffer): Promise<void> {
    if (!ID.test(meta.id)) throw new Error(`not a blob id: ${meta.id}`);
    await writeDurably(this.dir, `${meta.id}.bin`, bytes);
    await writeDurably(this.dir, `${meta.id}.json`, JSON.stringify(meta));
    if (this.index) {
      const index = await this.index;
      const list = index.get(meta.subject) ?? [];
      // An index still being built may already have read this file.
      if (!list.some((m) => m.id === meta.id)) index.set(meta.subject, [...list, meta]);
    }
  }

  async meta(id: string): Promise<BlobMeta | null> {
    if (!ID.test(id)) return null;
    try {
      return JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')) as BlobMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async get(id: string): Promise<StoredBlob | null> {
    const meta = await this.meta(id);
    if (!meta) return null;
    return { meta, bytes: await readFile(join(this.dir, `${id}.bin`)) };
  }

  async list(subject: string): Promise<BlobMeta[]> {
    this.index ??= this.buildIndex();
    return [...((await this.index).get(subject) ?? [])];
  }

  async close(): Promise<void> {}

  private async buildIndex(): Promise<Map<string, BlobMeta[]>> {
    const index = new Map<string, BlobMeta[]>();
    const files = (await readdir(this.dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
    for (const file of files) {
      const meta = JSON.parse(await readFile(join(this.dir, file), 'utf8')) as BlobMeta;
      index.set(meta.subject, [...(index.get(meta.subject) ?? []), meta]);
    }
    for (const list of index.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return index;
  }
}
