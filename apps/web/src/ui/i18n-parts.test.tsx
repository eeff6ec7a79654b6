import { act, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { describe, expect, it } from 'vitest';
import { activateLocale, hasWords, loadWords, t, useWords } from './i18n';

function Home() {
  useWords('home');
  return <p>{t('home.newRoom')}</p>;
}

describe('the parts of a catalogue', () => {
  it('renders a component that needs a part once its words are loaded', async () => {
    expect(hasWords('en', 'home')).toBe(false);
    await act(async () => {
      render(
        <Suspense fallback={<p>waiting</p>}>
          <Home />
        </Suspense>,
      );
      await loadWords('home'); // The load the component started, awaited in act's scope.
    });
    expect(screen.getByText('New room')).toBeInTheDocument();
    expect(hasWords('en', 'home')).toBe(true);
  });

  it('loads, in a language chosen later, every part the page needed before', async () => {
    await loadWords('files');
    expect(hasWords('ko', 'files')).toBe(false);
    await activateLocale('ko');
    for (const part of ['room', 'home', 'files'] as const) expect(hasWords('ko', part)).toBe(true);
    expect(hasWords('ko', 'unsupported')).toBe(false);
  });
});
