// The One Euro filter (Casiez, Roussel, Vogel, CHI 2012): a low-pass filter whose cutoff rises with
// the speed of the signal, so a still face does not jitter and a moving one does not lag. One filter
// per channel; a bank filters a whole landmark array in place without allocating.

export interface OneEuroParams {
  /** Cutoff (Hz) when the signal is still: lower = smoother, more lag. */
  minCutoff: number;
  /** How fast the cutoff rises with speed (per unit/s): higher = less lag when moving. */
  beta: number;
  /** Cutoff (Hz) for the speed estimate itself. */
  dCutoff: number;
}

/** Below this step the timestamps are treated as equal (a repeated frame), to keep alpha finite. */
const minStepSeconds = 1e-4;

function smoothingFactor(cutoffHz: number, dtSeconds: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dtSeconds);
}

export class OneEuroFilter {
  private previous = 0;
  private previousSpeed = 0;
  private previousMs = 0;
  private primed = false;

  constructor(private readonly params: OneEuroParams) {}

  /** `timestampMs` is the sample's time in milliseconds; returns the filtered value. */
  filter(value: number, timestampMs: number): number {
    if (!this.primed) {
      this.primed = true;
      this.previous = value;
      this.previousSpeed = 0;
      this.previousMs = timestampMs;
      return value;
    }
    const dt = Math.max(minStepSeconds, (timestampMs - this.previousMs) / 1000);
    this.previousMs = Math.max(this.previousMs, timestampMs);
    const speed = (value - this.previous) / dt;
    const aSpeed = smoothingFactor(this.params.dCutoff, dt);
    const smoothedSpeed = this.previousSpeed + aSpeed * (speed - this.previousSpeed);
    const cutoff = this.params.minCutoff + this.params.beta * Math.abs(smoothedSpeed);
    const a = smoothingFactor(cutoff, dt);
    const out = this.previous + a * (value - this.previous);
    this.previous = out;
    this.previousSpeed = smoothedSpeed;
    return out;
  }

  /** Forget the history (the tracked face was lost): the next sample passes through. */
  reset() {
    this.primed = false;
  }
}

/** One filter per channel of a fixed-length array (e.g. 478 landmarks × xyz). */
export class OneEuroBank {
  private readonly filters: OneEuroFilter[];

  constructor(readonly channels: number, params: OneEuroParams) {
    this.filters = Array.from({ length: channels }, () => new OneEuroFilter(params));
  }

  filterInPlace(values: Float32Array, timestampMs: number) {
    if (values.length !== this.channels) throw new Error(`OneEuroBank expects ${this.channels} channels, got ${values.length}`);
    for (let i = 0; i < this.channels; i++) values[i] = this.filters[i]!.filter(values[i]!, timestampMs);
  }

  reset() {
    for (const f of this.filters) f.reset();
  }
}
