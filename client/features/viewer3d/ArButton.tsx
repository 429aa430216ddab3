// "View in your room": the button, shown only where the browser says immersive-ar is supported
// (never emulated). The session itself (ArSession.tsx, three's own WebXR manager) loads on the tap.
import { Box } from 'lucide-react';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { ModelManifestEntry } from '../../../common/models';
import { useI18n } from '../../lib/useI18n';
import { countRender } from './probe';

const ArSession = lazy(() => import('./ArSession'));
/** True once the browser confirms immersive-ar; false while asking and where there is no WebXR. */
export function useArSupport(): boolean {
  const [supported, setSupported] = useState(false);
  useEffect(() => {
    const xr = (navigator as Navigator & { xr?: XRSystem }).xr;
    if (!xr) return;
    let mounted = true;
    xr.isSessionSupported('immersive-ar').then(
      (ok) => mounted && setSupported(ok),
      () => undefined,
    );
    return () => {
      mounted = false;
    };
  }, []);
  return supported;
}

export function ArButton({ entry }: { entry: ModelManifestEntry }) {
  countRender();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--secondary button--small" data-testid="viewer3d-ar" onClick={() => setOpen(true)}>
        <Box size={16} aria-hidden="true" />
        {t('viewer3d.viewInRoom')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <ArSession entry={entry} onEnd={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

