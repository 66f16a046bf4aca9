import type { OrgConfigs } from '../../shared/domain/capabilities.ts';
import type { BlobStore } from '../repositories/blobs/blob-store.ts';
import { openBlobStore } from '../repositories/blobs/open-blob-store.ts';
import type { Store } from '../repositories/store.ts';
import { AttachmentService } from './attachment-service.ts';
import type { GridService } from './grid-service.ts';
import { JointActionService } from './joint-action-service.ts';
import type { Publisher } from './publisher.ts';

export interface FieldServices {
  jointActions: JointActionService;
  attachments: AttachmentService;
  blobs: BlobStore;
  /** Folds the event log into the joint-action projection (before the first request). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Joint actions and photo attachments, wired once (start-server.ts). */
export function createFieldServices(options: {
  store: Store;
  publisher: Publisher;
  org: OrgConfigs;
  grids: GridService;
  now: () => Date;
  newId: () => string;
  databaseUrl?: string;
  dataDir: string;
}): FieldServices {
  const blobs = openBlobStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const jointActions = new JointActionService({ ...options, blobs });
  const attachments = new AttachmentService({ store: options.store, blobs, jointActions, org: options.org, now: options.now, newId: options.newId });
  return {
    jointActions,
    attachments,
    blobs,
    start: () => jointActions.start(),
    close: () => blobs.close(),
  };
}
