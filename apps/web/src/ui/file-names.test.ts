import { describe, expect, it } from 'vitest';
import { safeDownloadName } from './file-names';

describe('safeDownloadName', () => {
  it.each([
    ['photo.png', 'photo.png'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['.bashrc', 'bashrc'],
    ['a\\b:c*d?e"f<g>h|i', 'a_b_c_d_e_f_g_h_i'],
    ['tab\there\nnew', 'tab_here_new'],
    ['...', 'file'],
    ['', 'file'],
    ['report.pdf.   ', 'report.pdf'],
  ])('%j becomes %j', (name, safe) => {
    expect(safeDownloadName(name)).toBe(safe);
  });

  it('shortens a long name and keeps its extension', () => {
    const safe = safeDownloadName(`${'x'.repeat(300)}.jpeg`);
    expect(safe).toHaveLength(200);
    expect(safe.endsWith('.jpeg')).toBe(true);
  });
});
