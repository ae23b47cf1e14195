/** The widget's URL parameters: the upload modes (only / primary / fallback) and how they combine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readParams } from '../../../web/widget/src/params.ts';

const mode = (search: string, path = '/v2/') => readParams(search, path).uploadMode;

test('upload modes: upload=true and /v2/Upload are the upload-only flow; uploadMode names the others; anything else is off', () => {
  assert.equal(mode(''), 'off');
  assert.equal(mode('?upload=true'), 'only');
  assert.equal(mode('?Upload=True'), 'only', 'keys and values without case, as every widget parameter');
  assert.equal(mode('', '/v2/Upload'), 'only');
  assert.equal(mode('?uploadMode=only'), 'only');
  assert.equal(mode('?uploadMode=primary'), 'primary');
  assert.equal(mode('?UPLOADMODE=Fallback'), 'fallback');
  assert.equal(mode('?uploadMode=sideways'), 'off');
  assert.equal(mode('?uploadMode=fallback&upload=true'), 'only', 'the upload-only flow wins: there is no login to fall back from');
});
