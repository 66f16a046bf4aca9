import { createHash } from 'node:crypto';
import { decide, type Actor } from '../../shared/domain/capabilities.ts';
import { bilingual } from '../../shared/domain/domain-result.ts';
import type { BlobMeta, BlobStore, StoredBlob } from '../repositories/blobs/blob-store.ts';
import type { Store } from '../repositories/store.ts';
import { eventActor } from './case-actor.ts';
import { caseScope } from './case-state.ts';
import { DomainError } from './domain-error.ts';
import { MAX_ATTACHMENT_BYTES, sniffImageType } from './image-sniff.ts';
import { jointActionSubject, type JointActionService } from './joint-action-service.ts';

export type AttachmentSubject = { kind: 'incident'; id: string } | { kind: 'joint-action'; id: string };

export interface AttachmentDeps {
  store: Store;
  blobs: BlobStore;
  jointActions: JointActionService;
  org: Parameters<typeof decide>[3];
  now: () => Date;
  newId: () => string;
}

/** What an upload answers and a listing returns. */
export interface AttachmentView extends BlobMeta {
  url: string;
}

function subjectKey(subject: AttachmentSubject): string {
  return subject.kind === 'incident' ? `incident:${subject.id}` : jointActionSubject(subject.id);
}

function view(meta: BlobMeta): AttachmentView {
  return { ...meta, url: `/api/v1/attachments/${meta.id}` };
}

/**
 * Photos of reports and of joint-action results. An upload names what it belongs to; who may add
 * to a subject and who may see it follow that subject's own rules. A case: added to by whoever may
 * file reports in its county (the reporter adds the photo right after filing; grid members do not
 * read cases) or handles it, seen by its readers and the uploader. A joint action: added to by its
 * participating units, seen by whoever may see the action.
 */
export class AttachmentService {
  constructor(private readonly deps: AttachmentDeps) {}

  async upload(actor: Actor, subject: AttachmentSubject, bytes: Buffer): Promise<AttachmentView> {
    if (bytes.length === 0) throw new DomainError('VALIDATION_FAILED', bilingual('照片为空', 'the upload is empty'));
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', bilingual('照片不能超过 5 MB', `a photo may be at most ${MAX_ATTACHMENT_BYTES} bytes; this one is ${bytes.length}`));
    const contentType = sniffImageType(bytes);
    if (!contentType) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', bilingual('只接受 JPEG、PNG 或 WebP 照片（按文件内容识别）', 'only JPEG, PNG or WebP images are accepted (recognised by their content, not by the Content-Type header)'));
    const countyCode = await this.mayAdd(actor, subject);
    const meta: BlobMeta = {
      id: this.deps.newId(),
      subject: subjectKey(subject),
      countyCode,
      contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedBy: actor.userId,
      createdAt: this.deps.now().toISOString(),
    };
    // Bytes first, then the log entry: a crash in between leaves an unreferenced file, never a record without its photo.
    await this.deps.blobs.put(meta, bytes);
    await this.deps.store.commit([
      { kind: 'event.append', type: 'attachment:stored', at: meta.createdAt, payload: { attachmentId: meta.id, subject: meta.subject, countyCode, ...(subject.kind === 'incident' ? { incidentId: subject.id } : { jointActionId: subject.id }), contentType, size: meta.size, sha256: meta.sha256, actor: eventActor(actor, actor.unitId ?? '') } },
    ]);
    return view(meta);
  }

  async list(actor: Actor, subject: AttachmentSubject): Promise<AttachmentView[]> {
    await this.mayRead(actor, subject);
    return (await this.deps.blobs.list(subjectKey(subject))).map(view);
  }

  async read(actor: Actor, id: string): Promise<StoredBlob> {
    const blob = await this.deps.blobs.get(id);
    if (!blob) throw new DomainError('NOT_FOUND', `no attachment with id ${id}`);
    if (blob.meta.uploadedBy !== actor.userId) await this.mayRead(actor, parseSubject(blob.meta.subject));
    return blob;
  }

  /** Resolves the subject's county, or refuses. */
  private async mayAdd(actor: Actor, subject: AttachmentSubject): Promise<string> {
    if (subject.kind === 'incident') {
      const incident = await this.deps.store.getIncident(subject.id);
      if (!incident) throw new DomainError('NOT_FOUND', `no incident with id ${subject.id}`);
      const scope = caseScope(incident);
      // Evidence is added by those who file reports in the county or handle the case; read-only roles (the wall) add nothing.
      const handles = decide(actor, 'case:handle', scope, this.deps.org).allowed;
      const reports = decide(actor, 'report:create', { countyCode: scope.countyCode }, this.deps.org).allowed;
      if (!handles && !reports) throw new DomainError('FORBIDDEN', `forbidden: ${actor.username} may neither handle incident ${subject.id} nor file reports in its county`);
      return scope.countyCode;
    }
    const action = await this.deps.jointActions.get(actor, subject.id);
    if (!(await this.deps.jointActions.participatesIn(actor, subject.id))) {
      throw new DomainError('FORBIDDEN', bilingual('只有参与单位可以上传结果照片', `forbidden: ${actor.username} does not act for a participating unit of joint action ${subject.id}`));
    }
    return action.countyCode;
  }

  private async mayRead(actor: Actor, subject: AttachmentSubject): Promise<void> {
    if (subject.kind === 'joint-action') {
      await this.deps.jointActions.get(actor, subject.id);
      return;
    }
    const incident = await this.deps.store.getIncident(subject.id);
    if (!incident) throw new DomainError('NOT_FOUND', `no incident with id ${subject.id}`);
    const decision = decide(actor, 'case:read', caseScope(incident), this.deps.org);
    if (!decision.allowed) throw new DomainError('FORBIDDEN', `forbidden: ${decision.message}`);
  }
}

function parseSubject(key: string): AttachmentSubject {
  const [kind, id] = key.split(/:(.*)/s) as [string, string];
  return kind === 'incident' ? { kind: 'incident', id } : { kind: 'joint-action', id };
}
