import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UnsupportedPage } from './UnsupportedPage';

describe('UnsupportedPage', () => {
  it('says plainly what is wrong and which browsers work', () => {
    render(<UnsupportedPage reason="insecure" />);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('can’t join the call');
    expect(screen.getByRole('alert')).toHaveTextContent('https://');
    expect(screen.getByText(/Chrome, Edge, Firefox and Safari/)).toBeInTheDocument();
  });
});
