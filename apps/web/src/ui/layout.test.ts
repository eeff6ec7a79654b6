import { describe, expect, it } from 'vitest';
import { fitGrid } from './layout';

const LAPTOP = { width: 1200, height: 640 };
const PHONE = { width: 340, height: 420 };

describe('fitGrid', () => {
  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [4, 2, 2],
    [8, 3, 3],
  ])('puts %i tiles on a laptop stage in %i columns and %i rows', (count, columns, rows) => {
    const fit = fitGrid(count, LAPTOP.width, LAPTOP.height, 12);
    expect({ columns: fit.columns, rows: fit.rows }).toEqual({ columns, rows });
    // Everything fits without scrolling.
    expect(fit.columns * fit.tileWidth + (fit.columns - 1) * 12).toBeLessThanOrEqual(LAPTOP.width);
    expect(fit.rows * ((fit.tileWidth * 9) / 16) + (fit.rows - 1) * 12).toBeLessThanOrEqual(LAPTOP.height);
  });

  it('stacks two tiles on a phone', () => {
    expect(fitGrid(2, PHONE.width, PHONE.height)).toMatchObject({ columns: 1, rows: 2 });
  });

  it('makes tiles smaller as people join', () => {
    const widths = [1, 2, 4, 8].map((count) => fitGrid(count, LAPTOP.width, LAPTOP.height).tileWidth);
    expect([...widths].sort((a, b) => b - a)).toEqual(widths);
  });

  it('gives no size before the stage has one', () => {
    expect(fitGrid(3, 0, 0).tileWidth).toBe(0);
  });
});
