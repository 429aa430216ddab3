// What pages use of the try-on: the panel (loaded on demand) and whether a product can be tried on.
export { LazyTryOnPanel as TryOnPanel } from './LazyTryOnPanel';
export type { TryOnPanelProps } from './TryOnPanel';
export { TryOnButton } from './TryOnButton';
