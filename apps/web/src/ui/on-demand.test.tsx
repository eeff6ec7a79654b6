import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Loaded, onDemand } from './on-demand';

type Props = { name: string };
const Fallback = ({ name }: Props) => <p>loading {name}</p>;
const Real = ({ name }: Props) => <p>real {name}</p>;

/** A component whose code arrives when the test says. */
function later() {
  let arrive: () => void = () => {};
  let fail: () => void = () => {};
  const code = onDemand<Props>(
    () =>
      new Promise((resolve, reject) => {
        arrive = () => resolve(Real);
        fail = () => reject(new Error('chunk gone'));
      }),
    Fallback,
  );
  return { code, arrive: () => arrive(), fail: () => fail() };
}

describe('onDemand', () => {
  it('shows the fallback until the code is there, then the component; later ones at once', async () => {
    const { code, arrive } = later();
    const { rerender } = render(<Loaded code={code} props={{ name: 'a' }} />);
    expect(screen.getByText('loading a')).toBeInTheDocument();
    await act(async () => arrive());
    expect(await screen.findByText('real a')).toBeInTheDocument();
    rerender(
      <>
        <Loaded code={code} props={{ name: 'a' }} />
        <Loaded code={code} props={{ name: 'b' }} />
      </>,
    );
    expect(screen.getByText('real b')).toBeInTheDocument();
    expect(screen.queryByText(/loading/)).toBeNull();
  });

  it('loads the code ahead with preload: the first one then renders at once', async () => {
    const { code, arrive } = later();
    const preloaded = code.preload();
    arrive();
    await preloaded;
    render(<Loaded code={code} props={{ name: 'a' }} />);
    expect(screen.getByText('real a')).toBeInTheDocument();
  });

  it('keeps the fallback, and the page around it, when the code cannot load', async () => {
    const { code, fail } = later();
    render(
      <main>
        <h1>call</h1>
        <Loaded code={code} props={{ name: 'a' }} />
      </main>,
    );
    await act(async () => fail());
    expect(await screen.findByText('loading a')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'call' })).toBeInTheDocument();
  });
});
