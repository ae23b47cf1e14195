/**
 * The text layer of a PDF, read with pdf.js (its legacy build runs in Node; its "fake worker"
 * runs in this thread, so nothing is downloaded and no canvas is needed).
 *
 * This is the only module of the PDF parser that does I/O-like work (it drives pdf.js); what it
 * returns is plain data: every text run with its position, size and font, page by page, and the
 * document's metadata. Everything after this (table rebuilding, fraud signals) is pure.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StatementParseError } from './model.ts';

/** One text run as the PDF draws it. Coordinates in points, origin bottom-left (PDF space). */
export interface TextRun {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size (the run's vertical scale). */
  size: number;
  /** The PDF's own font name ("Helvetica-Bold", "ABCDEF+Arial-BoldMT") or pdf.js's resource id when unknown. */
  font: string;
}

export interface PdfPage {
  number: number;
  width: number;
  height: number;
  runs: TextRun[];
}

/** The Info dictionary (and XMP tool names) as the file states them; dates as ISO strings. */
export interface PdfInfo {
  producer?: string;
  creator?: string;
  creationDate?: string;
  modDate?: string;
  title?: string;
  author?: string;
  /** XMP xmp:CreatorTool / pdf:Producer when an XMP packet is present. */
  xmpCreatorTool?: string;
  xmpProducer?: string;
}

export interface PdfText {
  pages: PdfPage[];
  info: PdfInfo;
  /** How many times the file was saved (one per %%EOF): more than one means incremental updates. */
  revisions: number;
}

/** A statement is a few pages; past this a file is not a statement we should spend time on. */
const MAX_PAGES = 500;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js loads on the first PDF, not at start (it is a few MB of code). */
function pdfjs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((m) => {
    m.GlobalWorkerOptions.workerSrc = pathToFileURL(join(pdfjsRoot(), 'legacy', 'build', 'pdf.worker.mjs')).href;
    return m;
  });
  return pdfjsPromise;
}

function pdfjsRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

/** Reads every page's text runs and the metadata. Throws StatementParseError only. */
export async function readPdfText(bytes: Uint8Array): Promise<PdfText> {
  const start = findHeader(bytes);
  if (start < 0) throw new StatementParseError('not a PDF file (no %PDF- header in the first 1024 bytes)', { offset: 0 });
  const lib = await pdfjs();
  // pdf.js takes ownership of (and may detach) the buffer it is given: hand it a copy.
  const data = new Uint8Array(bytes);
  const task = lib.getDocument({
    data,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    standardFontDataUrl: join(pdfjsRoot(), 'standard_fonts') + '/',
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') throw new StatementParseError('the PDF is password-protected; upload it without a password', { offset: start });
    throw new StatementParseError(`unreadable PDF structure: ${messageOf(err)}`, { offset: start });
  }
  try {
    if (doc.numPages > MAX_PAGES) throw new StatementParseError(`the PDF has ${doc.numPages} pages; at most ${MAX_PAGES} are read`, { offset: start });
    const info = await readInfo(doc);
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      let page;
      try {
        page = await doc.getPage(n);
      } catch (err) {
        throw new StatementParseError(`page ${n} cannot be read: ${messageOf(err)}`, { offset: start });
      }
      const view = page.view;
      const content = await page.getTextContent().catch((err: unknown) => {
        throw new StatementParseError(`the text of page ${n} cannot be read: ${messageOf(err)}`, { offset: start });
      });
      const fonts = await fontNames(page, content.items);
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const text = item.str.replace(/\s+/g, ' ');
        if (text.trim() === '') continue;
        const [a, b, c, d, e, f] = item.transform as number[];
        // Only upright text takes part in a table; rotated watermarks and stamps are left out.
        if (Math.abs(b!) > 1e-3 || Math.abs(c!) > 1e-3 || !(a! > 0) || !(d! > 0)) continue;
        if (![e, f, item.width].every((v) => Number.isFinite(v))) continue;
        runs.push({ text, x: e!, y: f!, width: item.width, size: Math.abs(d!), font: fonts.get(item.fontName) ?? item.fontName });
      }
      pages.push({ number: n, width: Math.abs(view[2]! - view[0]!), height: Math.abs(view[3]! - view[1]!), runs });
      page.cleanup();
    }
    return { pages, info, revisions: countRevisions(bytes) };
  } catch (err) {
    if (err instanceof StatementParseError) throw err;
    throw new StatementParseError(`unreadable PDF: ${messageOf(err)}`, { offset: start });
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/**
 * The fonts' real names ("Helvetica-Bold"): text content only gives pdf.js's resource ids.
 * Building the operator list loads the fonts into commonObjs, where their names are.
 */
async function fontNames(page: { getOperatorList(): Promise<unknown>; commonObjs: { has(id: string): boolean; get(id: string): unknown } }, items: unknown[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const item of items as { fontName?: string }[]) if (item.fontName) ids.add(item.fontName);
  const names = new Map<string, string>();
  try {
    await page.getOperatorList();
  } catch {
    return names; // resource ids still tell fonts apart
  }
  for (const id of ids) {
    if (!page.commonObjs.has(id)) continue;
    const font = page.commonObjs.get(id) as { name?: unknown } | null;
    if (font && typeof font.name === 'string' && font.name !== '') names.set(id, font.name);
  }
  return names;
}

async function readInfo(doc: { getMetadata(): Promise<{ info: object; metadata: { get(name: string): unknown } | null }> }): Promise<PdfInfo> {
  let meta;
  try {
    meta = await doc.getMetadata();
  } catch {
    return {};
  }
  const raw = meta.info as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const info: PdfInfo = {};
  const set = <K extends keyof PdfInfo>(k: K, v: string | undefined) => {
    if (v !== undefined) info[k] = v;
  };
  set('producer', str(raw.Producer));
  set('creator', str(raw.Creator));
  set('title', str(raw.Title));
  set('author', str(raw.Author));
  set('creationDate', pdfDate(str(raw.CreationDate)));
  set('modDate', pdfDate(str(raw.ModDate)));
  try {
    set('xmpCreatorTool', str(meta.metadata?.get('xmp:creatortool')));
    set('xmpProducer', str(meta.metadata?.get('pdf:producer')));
  } catch {
    // a broken XMP packet is simply absent
  }
  return info;
}

/** "D:20240301060000Z", "D:20240301060000-05'00'" → ISO 8601 in UTC; undefined when unreadable. */
export function pdfDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-]\d{2}'?\d{0,2}'?)?/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone] = m;
  let offsetMin = 0;
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2})'?(\d{2})?/.exec(zone)!;
    offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
  }
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMin * 60_000;
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

function findHeader(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length - 5, 1024);
  for (let i = 0; i < limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return i;
  }
  return -1;
}

/** Counts "%%EOF" markers: each incremental save appends a new one. */
export function countRevisions(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0x25); i >= 0 && i + 4 < bytes.length; i = bytes.indexOf(0x25, i + 1)) {
    if (bytes[i + 1] === 0x25 && bytes[i + 2] === 0x45 && bytes[i + 3] === 0x4f && bytes[i + 4] === 0x46) n++;
  }
  return Math.max(n, 1);
}

function messageOf(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.length > 200 ? `${m.slice(0, 200)}…` : m;
}
