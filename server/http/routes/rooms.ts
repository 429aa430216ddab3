// Co-shopping rooms over HTTP (contract: common/rooms.ts). Thin: parse, check the invite and the
// membership, call the rooms service, send JSON. The invite travels in the X-Room-Invite header on
// every request but creation; the snapshot upload has its own raw-body route (roomSnapshotRoutes),
// mounted before the JSON parser.
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { idempotencyKeySchema } from '../../../common/api';
import {
  addRoomLineSchema,
  createRoomSchema,
  joinRoomSchema,
  roomCheckoutSchema,
  roomCommentSchema,
  roomInviteHeader,
  roomInviteTokenSchema,
  roomSnapshotMaxBytes,
  roomVoteSchema,
  shareProductSchema,
  updateRoomLineSchema,
} from '../../../common/rooms';
import { DomainError } from '../../domain/errors';
import type { RoomAccess } from '../../domain/rooms';
import { processSnapshot } from '../../domain/rooms-snapshots';
import type { Services } from '../../services';
import { ensureBrowserId } from '../session';
import { parseBody } from '../validate';

const roomIdSchema = z.uuid();
const memberIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const lineIdSchema = z.uuid();
const productIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** A room id that is not even well formed names no room: the same 404 as a wrong invite. */
function roomIdOf(req: Request): string {
  const parsed = roomIdSchema.safeParse(req.params.id);
  if (!parsed.success) throw new DomainError('NOT_FOUND', 'Room not found');
  return parsed.data;
}

function inviteOf(req: Request): string | null {
  const parsed = roomInviteTokenSchema.safeParse(req.get(roomInviteHeader));
  return parsed.success ? parsed.data : null;
}

function idParam<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DomainError('NOT_FOUND', `${what} not found`);
  return parsed.data;
}

function idempotencyKeyOf(req: Request): string {
  const rawKey = req.get('Idempotency-Key');
  if (!rawKey) throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header with each checkout');
  const key = idempotencyKeySchema.safeParse(rawKey);
  if (!key.success) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 8–100 letters, digits or _:.-');
  return key.data;
}

export function roomRoutes(s: Services): Router {
  const r = Router();
  const access = (req: Request): Promise<RoomAccess> => s.rooms.access(roomIdOf(req), inviteOf(req), req.session);

  r.post('/rooms', async (req, res) => {
    const body = parseBody(createRoomSchema, req);
    const session = await req.ensureSession();
    const browserId = ensureBrowserId(req, res, s.config.cookieSecure);
    res.status(201).json(await s.rooms.create(session, body, browserId));
  });

  r.post('/rooms/:id/join', async (req, res) => {
    const roomId = roomIdOf(req);
    const body = parseBody(joinRoomSchema, req);
    // The invite first: a stranger gets a 404 and no session.
    await s.rooms.checkInvite(roomId, inviteOf(req), req.session);
    const session = await req.ensureSession();
    const browserId = ensureBrowserId(req, res, s.config.cookieSecure);
    res.json(await s.rooms.join(roomId, session, body.displayName, browserId));
  });

  r.get('/rooms/:id', async (req, res) => {
    res.json(await s.rooms.view(await access(req)));
  });

  r.delete('/rooms/:id', async (req, res) => {
    await s.rooms.close(await access(req));
    res.json({ closed: true });
  });

  r.delete('/rooms/:id/members/:memberId', async (req, res) => {
    const a = await access(req);
    const members = await s.rooms.removeMember(a, idParam(memberIdSchema, req.params.memberId, 'Member'));
    res.json({ members });
  });

  r.post('/rooms/:id/token', async (req, res) => {
    parseBody(z.strictObject({}), req);
    res.json(await s.rooms.mediaAccess(await access(req)));
  });

  r.post('/rooms/:id/share', async (req, res) => {
    const body = parseBody(shareProductSchema, req);
    res.json(await s.rooms.share(await access(req), body.productId, body.variantId));
  });

  r.post('/rooms/:id/cart/lines', async (req, res) => {
    const body = parseBody(addRoomLineSchema, req);
    res.status(201).json(await s.rooms.addLine(await access(req), body.variantId, body.quantity));
  });

  r.patch('/rooms/:id/cart/lines/:lineId', async (req, res) => {
    const body = parseBody(updateRoomLineSchema, req);
    const a = await access(req);
    res.json(await s.rooms.updateLine(a, idParam(lineIdSchema, req.params.lineId, 'Room line'), body.quantity));
  });

  r.delete('/rooms/:id/cart/lines/:lineId', async (req, res) => {
    const a = await access(req);
    res.json(await s.rooms.removeLine(a, idParam(lineIdSchema, req.params.lineId, 'Room line')));
  });

  r.put('/rooms/:id/cart/lines/:lineId/vote', async (req, res) => {
    const body = parseBody(roomVoteSchema, req);
    const a = await access(req);
    res.json(await s.rooms.vote(a, idParam(lineIdSchema, req.params.lineId, 'Room line'), body.vote));
  });

  r.post('/rooms/:id/cart/lines/:lineId/comments', async (req, res) => {
    const body = parseBody(roomCommentSchema, req);
    const a = await access(req);
    res.status(201).json(await s.rooms.comment(a, idParam(lineIdSchema, req.params.lineId, 'Room line'), body.text));
  });

  r.post('/rooms/:id/checkout', async (req, res) => {
    const body = parseBody(roomCheckoutSchema, req);
    const key = idempotencyKeyOf(req);
    const a = await access(req);
    res.status(201).json(await s.rooms.checkout(a, req.session!, body, key));
  });

  r.get('/rooms/:id/snapshots/:snapshotId', async (req, res) => {
    const a = await access(req);
    const image = await s.rooms.snapshotImage(a, idParam(z.uuid(), req.params.snapshotId, 'Snapshot'));
    // Private to the room's members: never kept by a shared cache.
    res.setHeader('Cache-Control', 'private, no-store');
    res.type(image.contentType).send(image.data);
  });

  return r;
}

/**
 * The try-on snapshot upload: an image body, not JSON, so it is mounted before the API's JSON
 * parser with its own limit, and given the same origin check, session and write limit as the rest
 * (passed in by app.ts).
 */
export function roomSnapshotRoutes(s: Services, guards: RequestHandler[]): Router {
  const r = Router();
  // Any type is read as bytes (up to the limit); the domain decides from the bytes what it is.
  const raw = express.raw({ type: () => true, limit: roomSnapshotMaxBytes });
  // Membership is checked before the body is read: a stranger's upload is refused unread.
  const member: RequestHandler = async (req, res, next) => {
    res.locals.roomAccess = await s.rooms.access(roomIdOf(req), inviteOf(req), req.session);
    next();
  };
  r.post('/rooms/:id/snapshots', ...guards, member, raw, async (req, res) => {
    const a = res.locals.roomAccess as RoomAccess;
    const productHeader = req.get('X-Room-Product');
    const product = productHeader === undefined ? null : productIdSchema.safeParse(productHeader);
    if (product && !product.success) throw new DomainError('VALIDATION_FAILED', 'X-Room-Product must be a product id');
    const productId = product?.data ?? null;
    const image = await processSnapshot(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.get('content-type'));
    res.status(201).json(await s.rooms.addSnapshot(a, image, productId));
  });
  return r;
}
