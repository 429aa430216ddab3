// Stand-ins for the browser's MediaStream and its tracks, shared by the media tests of the live
// stage and of co-shopping rooms: they record what a session asked of them.
import { vi } from 'vitest';

export class FakeTrack {
  static count = 0;
  readonly id = `track-${++FakeTrack.count}`;
  enabled = true;
  readonly stop = vi.fn();
  constructor(readonly kind: 'audio' | 'video') {}
}

export class FakeStream {
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks() {
    return [...this.tracks];
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  addTrack(track: FakeTrack) {
    if (!this.tracks.includes(track)) this.tracks.push(track);
  }
  removeTrack(track: FakeTrack) {
    const i = this.tracks.indexOf(track);
    if (i >= 0) this.tracks.splice(i, 1);
  }
  asStream(): MediaStream {
    return this as unknown as MediaStream;
  }
}
