import type { Unsupported } from '../support';

const REASONS: Record<Unsupported, string> = {
  insecure:
    'Browsers only allow the camera and microphone on secure pages. Open this room with an https:// address (or on localhost).',
  'no-webrtc': 'This browser cannot make video calls: it has no WebRTC.',
  'no-camera-api': 'This browser gives web pages no access to a camera or microphone.',
};

/** Shown instead of the room when the browser cannot take part in a call. */
export function UnsupportedPage({ reason }: { reason: Unsupported }) {
  return (
    <main className="home">
      <div className="home-card">
        <h1>This browser can’t join the call</h1>
        <p role="alert" className="alert">
          {REASONS[reason]}
        </p>
        <p className="lead">
          moim works in current versions of Chrome, Edge, Firefox and Safari, on computers and on phones
          (Safari on iPhone and iPad, Chrome or Firefox on Android).
        </p>
      </div>
    </main>
  );
}
