// The host's camera and microphone while the studio is open: asks for the chosen devices, lists
// what there is to choose from, and stops every track it started when the choice changes or the
// studio closes (DESIGN.md §5: whoever creates a resource releases it).
import { useEffect, useState } from 'react';

export type CameraProblem = 'denied' | 'missing' | 'insecure' | 'failed';

export interface CameraState {
  stream: MediaStream | null;
  problem: CameraProblem | null;
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

function problemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'failed';
}

/** `enabled` false releases the devices (after the show ends). Empty ids pick the browser's default. */
export function useCamera(cameraId: string, microphoneId: string, enabled: boolean): CameraState {
  const [state, setState] = useState<CameraState>({ stream: null, problem: null, cameras: [], microphones: [] });
  useEffect(() => {
    if (!enabled) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      setState((s) => ({ ...s, stream: null, problem: 'insecure' }));
      return;
    }
    let cancelled = false;
    let stream: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({
        video: { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: microphoneId ? { deviceId: { exact: microphoneId } } : true,
      })
      .then(async (got) => {
        if (cancelled) {
          for (const track of got.getTracks()) track.stop();
          return;
        }
        stream = got;
        // Device names are only readable once access is granted, so the lists come after the stream.
        const devices = await navigator.mediaDevices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
        if (cancelled) return;
        setState({
          stream: got,
          problem: null,
          cameras: devices.filter((d) => d.kind === 'videoinput'),
          microphones: devices.filter((d) => d.kind === 'audioinput'),
        });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, stream: null, problem: problemOf(error) }));
      });
    return () => {
      cancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [cameraId, microphoneId, enabled]);
  return enabled ? state : { ...state, stream: null };
}
