import { pageInputs } from '../support/page-bundle';
import { describe, expect, it } from 'vitest';

describe('the popup bundle', () => {
  it('leaves zod to the background: the popup only imports types from the message schemas', async () => {
    const inputs = await pageInputs('entrypoints/popup/main.tsx');
    expect(inputs.some((path) => path.includes('lib/detect/verdict'))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/zod\//.test(path))).toEqual([]);
  });
});
