/**
 * npm run build:categorizer
 *
 * Writes the categorizer's shipped artefacts from the repository's sources: the compiled
 * knowledge (compile.ts: knowledge/merchants and knowledge/lexicon into
 * src/enrich/engine/knowledge.json), then the model trained on examples generated from that
 * knowledge and from the sandbox generator (train.ts, into src/enrich/engine/model.json).
 * A malformed or mislabelled line stops the build with its file and line number.
 */
import { writeFileSync } from 'node:fs';
import { compileKnowledge, knowledgeBytes, KnowledgeError } from './compile.ts';
import { modelBytes, trainShippedModel } from './train.ts';

const ROOT = new URL('../../', import.meta.url);

try {
  const { file, warnings } = compileKnowledge();
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  writeFileSync(new URL('src/enrich/engine/knowledge.json', ROOT), knowledgeBytes(file));
  process.stderr.write(`knowledge: ${file.merchants.length} merchants, ${Object.keys(file.aliases).length} names, ${file.keywords.length} keywords\n`);
  const counts = trainShippedModel();
  writeFileSync(new URL('src/enrich/engine/model.json', ROOT), modelBytes(counts));
  process.stderr.write(`model: ${counts.classes.length} classes, ${Object.keys(counts.tokens).length} words, ${counts.documents.reduce((a, b) => a + b, 0)} examples\n`);
} catch (e) {
  if (!(e instanceof KnowledgeError)) throw e;
  process.stderr.write(`build:categorizer: ${e.message}\n`);
  process.exit(1);
}
