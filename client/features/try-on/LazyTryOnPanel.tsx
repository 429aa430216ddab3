// The try-on loads its code (three.js, the overlay, the tracker) only when someone opens it.
import { lazy, Suspense } from 'react';
import { LoadingBlock } from '../../lib/ui/Spinner';
import type { TryOnPanelProps } from './TryOnPanel';

const Panel = lazy(() => import('./TryOnPanel').then((m) => ({ default: m.TryOnPanel })));

export function LazyTryOnPanel(props: TryOnPanelProps) {
  return (
    <Suspense fallback={<LoadingBlock />}>
      <Panel {...props} />
    </Suspense>
  );
}
