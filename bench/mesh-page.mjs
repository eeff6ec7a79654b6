// What the mesh benchmark runs inside every page, before the page's own scripts (an init
// script): it keeps each RTCPeerConnection the page makes, watches for remote videos coming
// up, and reads the stats the benchmark needs. The same script serves moim and the bare pages.
export function meshPageScript({ adaptationOff }) {
  if (adaptationOff) {
    try {
      localStorage.setItem('moim:adaptation', 'off');
    } catch {
      // about:blank has no storage; the real page runs this again.
    }
  }
  // How often the page reconfigures what it sends (each may restart an encoder, with a key frame).
  const calls = { setParameters: 0, applyConstraints: 0 };
  for (const [proto, name] of [
    [window.RTCRtpSender?.prototype, 'setParameters'],
    [window.MediaStreamTrack?.prototype, 'applyConstraints'],
  ]) {
    const original = proto?.[name];
    if (!original) continue;
    proto[name] = function (...args) {
      calls[name] += 1;
      return original.apply(this, args);
    };
  }
  const Original = window.RTCPeerConnection;
  const pcs = [];
  // With the connections made so far (a replaced link, or moim's warm-up connection, adds one).
  window.__calls = () => ({ ...calls, connections: pcs.length });
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      pcs.push(this);
    }
  };
  const open = () =>
    pcs.map((pc, index) => ({ pc, index })).filter(({ pc }) => pc.connectionState !== 'closed');
  // A real picture: a frame size the fake camera makes (a link that never came up shows 2x2).
  const decodingVideo = (report) =>
    [...report.values()].find((s) => s.type === 'inbound-rtp' && s.kind === 'video' && s.frameWidth >= 160);

  /**
   * Watches, every 250 ms, the links whose remote video decodes: `since` is when all
   * `expected` of them were playing, each having decoded a new frame within the last second
   * (a video at 4 fps is up; one that stopped for a second is not), and `sinceStrict` when
   * all of them decoded a new frame within the same 250 ms poll (the definition before the
   * seventh session, which a low frame rate or one short hiccup resets).
   */
  window.__watchUp = (expected) => {
    const last = new Map();
    const progressed = new Map();
    const state = { decoding: 0, since: expected === 0 ? Date.now() : null, sinceStrict: null };
    if (expected === 0) state.sinceStrict = state.since;
    let busy = false;
    state.timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      const now = Date.now();
      let decoding = 0;
      let playing = 0;
      for (const { pc, index } of open()) {
        const video = decodingVideo(await pc.getStats());
        const key = `${index}:${video?.id}`;
        if (video && video.framesDecoded > (last.get(key) ?? 0)) {
          decoding++;
          progressed.set(index, now);
        }
        if (video) last.set(key, video.framesDecoded);
        if (now - (progressed.get(index) ?? Number.NEGATIVE_INFINITY) <= 1000) playing++;
      }
      state.decoding = playing;
      if (decoding < expected) state.sinceStrict = null;
      else state.sinceStrict ??= now;
      if (playing < expected) state.since = null;
      else state.since ??= now;
      busy = false;
    }, 250);
    window.__up = state;
  };
  window.__upState = () => ({
    decoding: window.__up?.decoding ?? 0,
    since: window.__up?.since ?? null,
    sinceStrict: window.__up?.sinceStrict ?? null,
  });
  window.__stopWatch = () => clearInterval(window.__up?.timer);

  /** The counters the benchmark compares between the start and the end of its window. */
  window.__meshStats = async () => {
    const links = [];
    for (const { pc, index } of open()) {
      const stats = [];
      const report = await pc.getStats();
      for (const s of report.values()) {
        if (s.type !== 'inbound-rtp' && s.type !== 'outbound-rtp') continue;
        if (s.type === 'inbound-rtp' && s.kind !== 'video') continue;
        stats.push({
          id: s.id,
          type: s.type,
          kind: s.kind,
          timestamp: s.timestamp,
          framesDecoded: s.framesDecoded,
          totalFreezesDuration: s.totalFreezesDuration ?? 0,
          frameWidth: s.frameWidth,
          frameHeight: s.frameHeight,
          bytesSent: s.bytesSent,
          framesEncoded: s.framesEncoded,
          qualityLimitationReason: s.qualityLimitationReason,
          // For the diagnostics line: what the codecs spend and why.
          mimeType: s.codecId ? report.get(s.codecId)?.mimeType : undefined,
          keyFrames: s.type === 'inbound-rtp' ? s.keyFramesDecoded : s.keyFramesEncoded,
          pliCount: s.pliCount ?? 0,
          nackCount: s.nackCount ?? 0,
          totalEncodeTime: s.totalEncodeTime,
          totalDecodeTime: s.totalDecodeTime,
          framesDropped: s.framesDropped,
          framesReceived: s.framesReceived,
          limitationDurations: s.qualityLimitationDurations,
          // Frames the camera track handed this sender (before the encoder drops any).
          sourceFrames: s.mediaSourceId ? report.get(s.mediaSourceId)?.frames : undefined,
        });
      }
      // The link's own estimate of what it may send (the selected candidate pair's).
      const transport = [...report.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const estimate = report.get(transport?.selectedCandidatePairId)?.availableOutgoingBitrate ?? null;
      links.push({ index, stats, estimate });
    }
    return links;
  };

  /** The local camera's actual settings, read from the track a link sends. */
  window.__capture = () => {
    for (const { pc } of open()) {
      const sender = pc.getSenders().find((candidate) => candidate.track?.kind === 'video');
      if (sender?.track) {
        const { width, height, frameRate } = sender.track.getSettings();
        // And what the link asks of its encoder, for the bare page that copies it.
        const parameters = sender.getParameters();
        const { maxBitrate, maxFramerate, scaleResolutionDownTo } = parameters.encodings?.[0] ?? {};
        const encoding = {
          maxBitrate,
          maxFramerate,
          scaleResolutionDownTo,
          degradationPreference: parameters.degradationPreference,
        };
        return { width, height, frameRate, encoding };
      }
    }
    return null;
  };
}
