// The viewer's code (three.js, r3f, drei) loads only when a viewer is shown; the poster stands in meanwhile.
import { lazy, Suspense } from 'react';
import { useI18n } from '../../lib/useI18n';
import type { ModelViewerProps } from './ModelViewer';

const ModelViewer = lazy(() => import('./ModelViewer'));

export function LazyModelViewer(props: ModelViewerProps) {
  const { locale } = useI18n();
  return (
    <Suspense
      fallback={
        <div className={`viewer3d ${props.className ?? ''}`} data-testid="viewer3d" data-phase="code" data-purpose={props.purpose}>
          <div className="viewer3d__stage">
            <div className="viewer3d__poster" data-testid="viewer3d-poster">
              <img src={props.entry.poster} alt={props.entry.alt[locale]} width={800} height={800} />
            </div>
          </div>
        </div>
      }
    >
      <ModelViewer {...props} />
    </Suspense>
  );
}
