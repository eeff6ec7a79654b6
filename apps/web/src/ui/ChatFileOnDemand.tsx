import type { ComponentProps } from 'react';
import type { ChatFileBody as Body } from './ChatFileItem';
import { formatSize } from './chat-files-words';
import { loadWords } from './i18n';
import { Loaded, onDemand } from './on-demand';

type Props = ComponentProps<typeof Body>;

/** The file's first line, as ChatFileItem shows it: nothing moves when the rest arrives. */
function FileLine({ entry: { file } }: Props) {
  return (
    <div className="chat-file">
      <p className="chat-file-line">
        <bdi className="chat-file-name">{file.name}</bdi>
        <span className="chat-file-size">{formatSize(file.size)}</span>
      </p>
    </div>
  );
}

const code = onDemand<Props>(async () => {
  const [module] = await Promise.all([import('./ChatFileItem'), loadWords('files')]);
  return module.ChatFileBody;
}, FileLine);

/**
 * A file in the chat (ChatFileItem.tsx), its code (and the transfer code it uses) loaded
 * with the first file a call shows: a call without files never loads it.
 */
export function ChatFileBody(props: Props) {
  return <Loaded code={code} props={props} />;
}

/** Loads ChatFileItem's code ahead. */
export const preloadChatFileBody = code.preload;
