import { type ComponentType, type LazyExoticComponent, lazy, Suspense, useState } from 'react';

/** A component's code loaded on demand (`onDemand`), rendered with `<Loaded>`. */
export interface OnDemand<P> {
  /** Loads the code now (a test, or a feature about to be used). */
  preload(): Promise<ComponentType<P>>;
  /** The component once its code is here. */
  loaded(): ComponentType<P> | null;
  lazy: LazyExoticComponent<ComponentType<P>>;
  /** Shown until the code is here, and for good if it cannot load. */
  fallback: ComponentType<P>;
}

/**
 * The code of a component, loaded the first time one is rendered (React.lazy). If it cannot
 * load (the server went away, or was redeployed), the fallback stays, and the page with it.
 *
 * @example
 * const code = onDemand(() => import('./ChatFileItem').then((m) => m.ChatFileBody), Placeholder);
 * export const ChatFileBody = (props: Props) => <Loaded code={code} props={props} />;
 */
export function onDemand<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: ComponentType<P>,
): OnDemand<P> {
  let component: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () => {
    loading ??= load().then(
      (loadedComponent) => {
        component = loadedComponent;
        return loadedComponent;
      },
      () => {
        loading = null;
        return fallback;
      },
    );
    return loading;
  };
  return {
    preload,
    loaded: () => component,
    lazy: lazy(async () => ({ default: await preload() })),
    fallback,
  };
}

/** A component loaded on demand: `fallback` until its code is here; at once when it already is. */
export function Loaded<P extends object>({ code, props }: { code: OnDemand<P>; props: P }) {
  // Each one keeps what it started as: switching from one to the other would remount it.
  const [Shown] = useState<ComponentType<P>>(() => code.loaded() ?? code.lazy);
  const Fallback = code.fallback;
  return (
    <Suspense fallback={<Fallback {...props} />}>
      <Shown {...props} />
    </Suspense>
  );
}
