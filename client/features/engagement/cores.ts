// The app's one poll core and one Q&A core per show, wired to the real realtime client and API.
import { apiRequest } from '../../lib/api';
import { getRealtime } from '../../lib/realtime';
import { browserStorage } from './problem';
import { coreRegistry } from './shared';
import { createPollCore } from './polls';
import { createQuestionsCore } from './questions';

export const polls = coreRegistry((showId) => createPollCore(showId, { realtime: getRealtime(), request: apiRequest, storage: browserStorage() }));
export const questionCores = coreRegistry((showId) => createQuestionsCore(showId, { realtime: getRealtime(), request: apiRequest, storage: browserStorage() }));
