import { useSyncExternalStore } from 'react';

// The same breakpoint as live-selling.css: a laptop gets the side panel, a phone the overlay.
const query = '(min-width: 960px) and (min-aspect-ratio: 1/1)';

function subscribe(onChange: () => void) {
  const list = window.matchMedia(query);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/** True on a laptop-shaped screen; re-renders only when the answer flips. */
export function useWideLayout(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches, () => false);
}
