/** Why the microphone could not be opened, in words an agent (or a demo caller) can act on. */
export class MicrophoneError extends Error {
  constructor(
    readonly reason: 'denied' | 'missing' | 'busy' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'MicrophoneError';
  }
}

/**
 * Opens the microphone (audio only). Throws a MicrophoneError with a clear message
 * when the browser refuses, has no microphone, or cannot use one on this page.
 */
export async function openMicrophone(constraints: MediaTrackConstraints | boolean = true): Promise<MediaStream> {
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!devices?.getUserMedia) {
    throw new MicrophoneError('unsupported', 'This browser cannot use a microphone on this page (Web Connect needs HTTPS or localhost).');
  }
  try {
    return await devices.getUserMedia({ audio: constraints, video: false });
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new MicrophoneError('denied', 'Microphone access was refused. Allow the microphone for this site (the icon in the address bar), then try again.');
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError') {
      throw new MicrophoneError('missing', 'No microphone was found. Plug in a headset, then try again.');
    }
    throw new MicrophoneError('busy', 'The microphone could not be opened (another application may be using it). Close it, then try again.');
  }
}

/** Stops every track of a stream (the browser's "microphone in use" indicator goes off). */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const t of stream?.getTracks() ?? []) t.stop();
}
