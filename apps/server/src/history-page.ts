import type { ChatHistoryPage, ChatMessage } from '@moim/protocol';

/** Which part of a room's chat to hand out. */
export interface HistoryQuery {
  /** Only messages older than this one (a message id); the newest ones when absent. */
  before?: string;
  /** Messages at most. */
  limit: number;
  /** UTF-8 bytes of the messages' JSON at most; the newest message of a page always fits. */
  maxBytes: number;
}

/** What a message costs to send, as both stores count it: the UTF-8 bytes of its JSON. */
export const messageBytes = (json: string) => Buffer.byteLength(json);

/**
 * The newest messages before `before` that fit the limits, oldest first. An id the room no
 * longer keeps gives an empty page: there is nothing older to find from it. RedisRoomStore's
 * `historyPage` script does the same over its stored JSON.
 */
export function pageOf(history: readonly ChatMessage[], query: HistoryQuery): ChatHistoryPage {
  let end = history.length;
  if (query.before !== undefined) {
    end = history.findLastIndex((message) => message.id === query.before);
    if (end < 0) return { messages: [], more: false };
  }
  let start = end;
  let bytes = 0;
  while (start > 0 && end - start < query.limit) {
    const size = messageBytes(JSON.stringify(history[start - 1]));
    if (start < end && bytes + size > query.maxBytes) break;
    bytes += size;
    start--;
  }
  return { messages: history.slice(start, end), more: start > 0 };
}
