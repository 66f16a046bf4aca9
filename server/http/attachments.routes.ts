import { Router, raw, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AttachmentService, AttachmentSubject } from '../services/attachment-service.ts';
import { DomainError } from '../services/domain-error.ts';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../services/image-sniff.ts';
import type { OperationDoc } from './api-docs.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';

const uuid = z.string().regex(/^[0-9a-f-]{36}$/, 'a UUID');

/** Exactly one subject: the incident or the joint action the photo belongs to. */
export const attachmentSubjectQuerySchema = z
  .strictObject({ incident: uuid.optional(), jointAction: uuid.optional() })
  .refine((q) => (q.incident === undefined) !== (q.jointAction === undefined), 'name exactly one of incident or jointAction');

export const attachmentParamsSchema = z.strictObject({ id: uuid });

const attachmentSchema = z.object({ id: z.string(), subject: z.string(), countyCode: z.string(), contentType: z.enum(ATTACHMENT_TYPES), size: z.number().int(), sha256: z.string(), uploadedBy: z.string(), createdAt: z.string(), url: z.string() });

function subjectOf(query: unknown): AttachmentSubject {
  const q = parse(attachmentSubjectQuerySchema, query, 'query');
  return q.incident !== undefined ? { kind: 'incident', id: q.incident } : { kind: 'joint-action', id: q.jointAction! };
}

/** A declared length over the limit is refused before a byte is read. */
const declaredSize: RequestHandler = (req, _res, next) => {
  const length = Number(req.get('content-length'));
  if (Number.isFinite(length) && length > MAX_ATTACHMENT_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `照片不能超过 5 MB / a photo may be at most ${MAX_ATTACHMENT_BYTES} bytes; Content-Length says ${length}`);
  }
  next();
};

/**
 * POST /attachments?incident=… | ?jointAction=… with the image bytes as the body (any
 * Content-Type: the type is sniffed from the bytes). ≤ 5 MB (413), JPEG/PNG/WebP only (415).
 */
export function attachmentsRoutes(attachments: AttachmentService, guards: AuthGuards): Router {
  const router = Router();
  router.post('/attachments', guards.requireAuth, declaredSize, raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES }), async (req, res) => {
    const subject = subjectOf(req.query);
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.status(201).json(await attachments.upload(actorOf(res), subject, bytes));
  });
  router.get('/attachments', guards.requireAuth, async (req, res) => {
    res.json({ items: await attachments.list(actorOf(res), subjectOf(req.query)) });
  });
  router.get('/attachments/:id', guards.requireAuth, async (req, res) => {
    const { id } = parse(attachmentParamsSchema, req.params, 'path');
    const blob = await attachments.read(actorOf(res), id);
    res
      .set({ 'Content-Type': blob.meta.contentType, 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff', ETag: `"${blob.meta.sha256}"` })
      .send(blob.bytes);
  });
  return router;
}

export const attachmentsOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/attachments',
    summary: 'Upload a photo (JPEG/PNG/WebP, sniffed from the bytes; ≤ 5 MB) for an incident or a joint action',
    tags: ['attachments'],
    auth: true,
    query: attachmentSubjectQuerySchema,
    body: z.string().describe('the image bytes'),
    bodyContentType: 'application/octet-stream',
    responses: {
      201: { description: 'stored', schema: attachmentSchema },
      413: { description: 'PAYLOAD_TOO_LARGE (over 5 MB)' },
      415: { description: 'UNSUPPORTED_MEDIA_TYPE (not a JPEG, PNG or WebP by content)' },
      403: { description: 'FORBIDDEN' },
    },
  },
  {
    method: 'get',
    path: '/attachments',
    summary: 'The photos of an incident or a joint action',
    tags: ['attachments'],
    auth: true,
    query: attachmentSubjectQuerySchema,
    responses: { 200: { description: '{items}', schema: z.object({ items: z.array(attachmentSchema) }) } },
  },
  {
    method: 'get',
    path: '/attachments/{id}',
    summary: 'The bytes of one photo',
    tags: ['attachments'],
    auth: true,
    params: attachmentParamsSchema,
    responses: { 200: { description: 'the image', contentType: 'image/*' } },
  },
];
