import type { Reaction } from '@moim/protocol';
import type { MessageId } from './i18n';

interface ReactionLook {
  emoji: string;
  name: MessageId;
}

/** What each reaction shows and what it is called. */
const LOOKS: Record<Reaction, ReactionLook> = {
  'thumbs-up': { emoji: '👍', name: 'reactions.thumbsUp' },
  clap: { emoji: '👏', name: 'reactions.clap' },
  laugh: { emoji: '😂', name: 'reactions.laugh' },
  heart: { emoji: '❤️', name: 'reactions.heart' },
  surprised: { emoji: '😮', name: 'reactions.surprised' },
};

/** The five reactions, in the menu's order. */
export const REACTIONS = (Object.keys(LOOKS) as Reaction[]).map((reaction) => ({
  reaction,
  ...LOOKS[reaction],
}));

export const reactionOf = (reaction: Reaction): ReactionLook => LOOKS[reaction];
