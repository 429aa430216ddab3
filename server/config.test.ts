// The local stage's cap comes from validated configuration: a default, a range, and a clear refusal.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('LOCAL_STAGE_MAX_VIEWERS', () => {
  it('defaults to 8 viewers per show', () => {
    expect(loadConfig({}).localStage).toEqual({ maxViewers: 8 });
  });

  it('takes a whole number within range', () => {
    expect(loadConfig({ LOCAL_STAGE_MAX_VIEWERS: '3' }).localStage.maxViewers).toBe(3);
  });

  it.each(['0', '51', '2.5', 'many'])('refuses %s at start-up, naming the variable', (value) => {
    expect(() => loadConfig({ LOCAL_STAGE_MAX_VIEWERS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ LOCAL_STAGE_MAX_VIEWERS: value })).toThrow(/LOCAL_STAGE_MAX_VIEWERS/);
  });
});
