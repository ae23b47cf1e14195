/**
 * Loaded before every test file (scripts/test.js). Property tests run on one fixed seed so
 * that `npm test`, and CI with it, answer the same way every time; `FC_SEED=random npm test`
 * (or any number) explores other inputs. A failure prints its seed and path to replay it.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261124;
const chosen = process.env.FC_SEED;
if (chosen !== 'random') {
  const seed = chosen === undefined || chosen === '' ? DEFAULT_SEED : Number(chosen);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${chosen}`);
  fc.configureGlobal({ seed });
}
