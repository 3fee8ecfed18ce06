import { describe, expect, it } from 'vitest';
import { unreadOf } from './ws-unread-count';

describe('the unread count pushed over /v1/ws', () => {
  it('reads the count from a notifications message', () => {
    expect(unreadOf('{"type":"notifications","unread":3}')).toBe(3);
    expect(unreadOf('{"type":"notifications","unread":0}')).toBe(0);
  });

  it('ignores job events, malformed counts and text that is not JSON', () => {
    expect(unreadOf('{"type":"event","jobId":"j","seq":1,"unread":2}')).toBeNull();
    expect(unreadOf('{"type":"notifications","unread":"3"}')).toBeNull();
    expect(unreadOf('not json')).toBeNull();
  });
});
