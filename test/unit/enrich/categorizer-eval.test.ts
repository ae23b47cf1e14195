import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluate, figures, readEvalSet, recordedFigures } from '../../../scripts/categorizer/eval.ts';

/**
 * The categorizer on the evaluation set written apart from everything it is built or trained
 * from (eval/categorizer): it must not fall below the figures docs/categorization.md records
 * (`npm run eval:categorizer` writes them).
 */
test('accuracy on the evaluation set does not fall below the recorded figures', () => {
  const recorded = recordedFigures(readFileSync(new URL('../../../docs/categorization.md', import.meta.url), 'utf8'));
  assert.ok(recorded, 'docs/categorization.md records its figures');
  const lines = readEvalSet();
  assert.ok(lines.length >= recorded.n, `${lines.length} lines, ${recorded.n} recorded`);
  const now = figures(evaluate(lines));
  process.stdout.write(`# evaluation set: ${now.n} lines, primary ${now.primary}%, sub-category ${now.sub}%, abstentions ${now.abstentions}% (recorded ${recorded.primary}%, ${recorded.sub}%, ${recorded.abstentions}%)\n`);
  assert.ok(now.primary >= recorded.primary, `primary ${now.primary}% < ${recorded.primary}%`);
  assert.ok(now.sub >= recorded.sub, `sub-category ${now.sub}% < ${recorded.sub}%`);
  assert.ok(now.abstentions <= recorded.abstentions, `abstentions ${now.abstentions}% > ${recorded.abstentions}%`);
});
