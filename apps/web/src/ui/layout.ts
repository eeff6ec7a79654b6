export interface GridFit {
  columns: number;
  rows: number;
  /** Width of each tile in CSS pixels; 0 when the stage has no size yet. */
  tileWidth: number;
}

/**
 * The grid that shows `count` tiles of the given aspect ratio as large as possible inside
 * a `width` x `height` stage: tries every column count and keeps the largest tile.
 *
 * @example fitGrid(2, 1200, 500) // two tiles side by side
 * @example fitGrid(2, 360, 600)  // two tiles stacked on a phone
 */
export function fitGrid(count: number, width: number, height: number, gap = 12, aspect = 16 / 9): GridFit {
  const tiles = Math.max(1, count);
  let best: GridFit = { columns: 1, rows: tiles, tileWidth: 0 };
  if (width <= 0 || height <= 0) return best;
  for (let columns = 1; columns <= tiles; columns++) {
    const rows = Math.ceil(tiles / columns);
    const byWidth = (width - gap * (columns - 1)) / columns;
    const byHeight = ((height - gap * (rows - 1)) / rows) * aspect;
    const tileWidth = Math.floor(Math.min(byWidth, byHeight));
    if (tileWidth > best.tileWidth) best = { columns, rows, tileWidth };
  }
  return best;
}
