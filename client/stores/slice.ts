// A slice sees the whole store's set/get but only promises its own part of the state, so a feature
// can define its slice without knowing which other slices exist.
export type SetState<S> = (partial: Partial<S> | ((state: S) => Partial<S>)) => void;
export type GetState<S> = () => S;
export type SliceCreator<Slice> = (set: SetState<Slice>, get: GetState<Slice>) => Slice;
