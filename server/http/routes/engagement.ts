// Chat, moderation, polls and Q&A of a show over REST. Chat is sent here rather than through the
// WebSocket: each message gets its own JSON answer (a 400 for a filtered word, a 429 when too fast,
// a 403 when muted) that the composer shows next to the text, and the browser-id cookie a ban
// relies on can be set on the response. Everyone receives messages through the show's channel.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  askQuestionSchema,
  chatHistoryQuerySchema,
  createPollSchema,
  createSanctionSchema,
  moderatorSchema,
  pollVoteSchema,
  sanctionKinds,
  sendChatSchema,
} from '../../../common/api';
import type { Viewer } from '../../domain/chat';
import type { Services } from '../../services';
import { ensureBrowserId } from '../session';
import { parseBody, parseQuery } from '../validate';

const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export function engagementRoutes(s: Services): Router {
  const r = Router();

  /** Who is asking: the account when signed in, and the browser (its `bid` cookie set now on first need). */
  const viewerOf = (req: Request, res: Response): Viewer => {
    const user = req.session?.user ?? null;
    return { userId: user?.id ?? null, userRole: user?.role ?? null, accountName: user?.displayName ?? null, browserId: ensureBrowserId(req, res, s.config.cookieSecure) };
  };
  const showIdOf = (req: Request) => idParam.parse(req.params.id);

  // ---------- chat ----------
  r.get('/shows/:id/chat', async (req, res) => {
    res.json(await s.chat.history(showIdOf(req), parseQuery(chatHistoryQuerySchema, req)));
  });
  r.post('/shows/:id/chat', async (req, res) => {
    const body = parseBody(sendChatSchema, req);
    res.status(201).json(await s.chat.send(showIdOf(req), viewerOf(req, res), body));
  });
  r.delete('/shows/:id/chat/:messageId', async (req, res) => {
    await s.chat.remove(showIdOf(req), idParam.parse(req.params.messageId), viewerOf(req, res));
    res.status(204).end();
  });

  // ---------- moderation ----------
  r.get('/shows/:id/sanctions', async (req, res) => {
    res.json(await s.chat.sanctions(showIdOf(req), viewerOf(req, res)));
  });
  r.post('/shows/:id/sanctions', async (req, res) => {
    const body = parseBody(createSanctionSchema, req);
    res.status(201).json(await s.chat.sanction(showIdOf(req), viewerOf(req, res), body));
  });
  r.delete('/shows/:id/sanctions/:ref/:kind', async (req, res) => {
    const kind = z.enum(sanctionKinds).parse(req.params.kind);
    await s.chat.lift(showIdOf(req), viewerOf(req, res), idParam.parse(req.params.ref), kind);
    res.status(204).end();
  });
  r.post('/shows/:id/moderators', async (req, res) => {
    const { userId } = parseBody(moderatorSchema, req);
    await s.chat.setModerator(showIdOf(req), viewerOf(req, res), userId, true);
    res.status(204).end();
  });
  r.delete('/shows/:id/moderators', async (req, res) => {
    const { userId } = parseBody(moderatorSchema, req);
    await s.chat.setModerator(showIdOf(req), viewerOf(req, res), userId, false);
    res.status(204).end();
  });

  // ---------- polls ----------
  r.post('/shows/:id/polls', async (req, res) => {
    const body = parseBody(createPollSchema, req);
    res.status(201).json(await s.engagement.createPoll(showIdOf(req), viewerOf(req, res), body));
  });
  r.get('/shows/:id/polls/current', async (req, res) => {
    res.json({ poll: await s.engagement.currentPoll(showIdOf(req)) });
  });
  r.post('/shows/:id/polls/:pollId/votes', async (req, res) => {
    const { optionId } = parseBody(pollVoteSchema, req);
    await s.engagement.vote(showIdOf(req), idParam.parse(req.params.pollId), viewerOf(req, res), optionId);
    res.status(201).json({ voted: optionId });
  });
  r.post('/shows/:id/polls/:pollId/close', async (req, res) => {
    res.json(await s.engagement.closePoll(showIdOf(req), idParam.parse(req.params.pollId), viewerOf(req, res)));
  });

  // ---------- Q&A ----------
  r.get('/shows/:id/questions', async (req, res) => {
    res.json(await s.engagement.questions(showIdOf(req)));
  });
  r.post('/shows/:id/questions', async (req, res) => {
    const body = parseBody(askQuestionSchema, req);
    res.status(201).json(await s.engagement.ask(showIdOf(req), viewerOf(req, res), body));
  });
  r.post('/shows/:id/questions/:questionId/upvotes', async (req, res) => {
    res.status(201).json(await s.engagement.upvote(showIdOf(req), idParam.parse(req.params.questionId), viewerOf(req, res)));
  });
  r.post('/shows/:id/questions/:questionId/answered', async (req, res) => {
    res.json(await s.engagement.markAnswered(showIdOf(req), idParam.parse(req.params.questionId), viewerOf(req, res)));
  });

  return r;
}
