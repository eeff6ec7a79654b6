import { describe, expect, it } from 'vitest';
import { chatSegments } from './chat-text';

describe('chatSegments', () => {
  it('makes http and https addresses links, leaving trailing punctuation as text', () => {
    expect(chatSegments('see https://moim.example/r/standup. or http://lan.local:3000/x?y=1!')).toEqual([
      { text: 'see ' },
      { text: 'https://moim.example/r/standup', href: 'https://moim.example/r/standup' },
      { text: '. or ' },
      { text: 'http://lan.local:3000/x?y=1', href: 'http://lan.local:3000/x?y=1' },
      { text: '!' },
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'ftp://files.example/x',
  ])('leaves %s as text', (message) => {
    expect(chatSegments(message)).toEqual([{ text: message }]);
  });

  it('removes reordering characters before anything is shown', () => {
    expect(chatSegments('abc\u202Edef\u2066')).toEqual([{ text: 'abcdef' }]);
  });

  it('keeps plain text whole', () => {
    expect(chatSegments('<b>not bold</b>')).toEqual([{ text: '<b>not bold</b>' }]);
  });
});
