/**
 * The moments of a join, as `performance` marks named `moim:<moment>`: the join benchmark
 * (bench/browser.mjs) reads them from both pages and lines them up from the click, so every
 * millisecond between a click and the first frame is attributed. Each moment is marked once
 * per remote participant (the first link to them), so a long call adds nothing.
 */
export type JoinMoment =
  | 'join-click'
  | 'join-ack'
  | 'link-created'
  | 'offer-sent'
  | 'offer-received'
  | 'answer-sent'
  | 'answer-received'
  | 'candidate-sent'
  | 'candidate-received'
  /** The first candidate of a TURN relay (its allocation is done), sent or received. */
  | 'relay-candidate-sent'
  | 'relay-candidate-received'
  | 'ice-connected'
  | 'dtls-connected'
  | 'channel-open'
  | 'track-received';

const marked = new Set<string>();

export function markMoment(moment: JoinMoment, remoteId = '') {
  const key = `${moment} ${remoteId}`;
  if (marked.has(key) || typeof performance === 'undefined' || !performance.mark) return;
  marked.add(key);
  performance.mark(`moim:${moment}`, { detail: remoteId });
}
