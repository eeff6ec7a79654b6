import type { ComponentProps } from 'react';
import type { CallActions } from '../call/call-session';
import type { HostTools as Tools } from './HostTools';
import { loadWords } from './i18n';
import type { KnockDialog as Dialog } from './KnockDialog';
import { Loaded, onDemand } from './on-demand';

/*
 * What only the host uses, loaded once someone is the host (`preloadHostTools`): the knock
 * dialog and the People panel's tools for each person, with their words (src/locales/parts.ts).
 * A call whose page never hosts never loads them.
 */

export type HostActions = Pick<CallActions, 'mute' | 'remove' | 'makeHost' | 'lowerHand'>;
type ToolsProps = ComponentProps<typeof Tools>;
type DialogProps = ComponentProps<typeof Dialog>;

const words = () => loadWords('host');
const nothing = () => null;
const tools = onDemand<ToolsProps>(async () => {
  const [module] = await Promise.all([import('./HostTools'), words()]);
  return module.HostTools;
}, nothing);
const dialog = onDemand<DialogProps>(async () => {
  const [module] = await Promise.all([import('./KnockDialog'), words()]);
  return module.KnockDialog;
}, nothing);

export function HostTools(props: ToolsProps) {
  return <Loaded code={tools} props={props} />;
}

export function KnockDialog(props: DialogProps) {
  return <Loaded code={dialog} props={props} />;
}

/** Loads the host's code ahead, as soon as this page hosts: a knock then asks at once. */
export const preloadHostTools = () => Promise.all([tools.preload(), dialog.preload()]);
