/**
 * What a PDF's metadata says about where it came from and whether it was changed (pure).
 *
 * - An editing tool in Producer/Creator/XMP: the file was made or re-saved by an editor.
 * - ModDate later than CreationDate, incremental saves (several %%EOF), an Info Producer that
 *   disagrees with the XMP one: the file changed after the bank wrote it.
 * - A print-to-PDF driver, or no producer at all: not what a bank's statement engine writes.
 * - Created before the end of the period it reports: the dates were changed.
 */
import type { PdfInfo } from '../parsers/pdf-text.ts';
import type { Evidence, SignalType } from './signals.ts';

/** Document editors and office tools: a bank's statement engine is none of these. */
const EDITORS: [RegExp, string][] = [
  [/photoshop/i, 'Adobe Photoshop'],
  [/illustrator/i, 'Adobe Illustrator'],
  [/indesign/i, 'Adobe InDesign'],
  [/acrobat\s*(?:pro|standard|dc|\d)/i, 'Adobe Acrobat'],
  [/pdf\s*escape/i, 'PDFescape'],
  [/sejda/i, 'Sejda'],
  [/smallpdf/i, 'Smallpdf'],
  [/ilovepdf/i, 'iLovePDF'],
  [/pdf-?xchange/i, 'PDF-XChange'],
  [/foxit\s*(?:phantom|pdf\s*editor|editor)/i, 'Foxit editor'],
  [/nitro/i, 'Nitro'],
  [/pdfelement|wondershare/i, 'PDFelement'],
  [/libreoffice|openoffice/i, 'LibreOffice'],
  [/microsoft.{0,3}(?:word|excel|powerpoint)/i, 'Microsoft Office'],
  [/inkscape/i, 'Inkscape'],
  [/canva/i, 'Canva'],
  [/google\s*docs/i, 'Google Docs'],
  [/pdffiller|dochub|pdf\s*candy|soda\s*pdf|pdf24|able2extract|infix|master\s*pdf\s*editor|pdf\s*studio/i, 'PDF editor'],
];

/** Print drivers and generic converters: a person printed or converted the statement. */
const PRINTERS: [RegExp, string][] = [
  [/quartz\s*pdfcontext|mac\s*os\s*x|macos/i, 'macOS print to PDF'],
  [/microsoft:\s*print\s*to\s*pdf/i, 'Microsoft Print to PDF'],
  [/skia\/pdf|chromium|headless\s*chrome/i, 'browser print to PDF'],
  [/ghostscript|gpl\s*ghostscript/i, 'Ghostscript'],
  [/cairo/i, 'Cairo'],
  [/cutepdf|bullzip|primopdf|dopdf|pdfcreator|novapdf/i, 'PDF printer driver'],
  [/wkhtmltopdf/i, 'wkhtmltopdf'],
];

/** Document-composition engines banks print statements with (and Maplelink's own generator). */
const STATEMENT_ENGINES = /maplelink|itext|apache\s*fop|pdflib|jasperreports|crystal\s*reports|opentext|exstream|quadient|inspire|papyrus|streamserve|xpression|thunderhead|livecycle|aem\s*forms|\bbirt\b|reportlab|pdfkit|compuset|afp2pdf|ricoh|pitney|docucorp|documaker|gmc\s*software|cincom|smartcomm|messagepoint/i;

/** A re-save within this time of creation is the engine finishing its own file. */
const SAME_SAVE_MS = 5 * 60_000;

export function metadataEvidence(info: PdfInfo, revisions: number, periodEnd: string | undefined): { type: SignalType; evidence: Evidence }[] {
  const out: { type: SignalType; evidence: Evidence }[] = [];
  const tools = [
    ['Producer', info.producer],
    ['Creator', info.creator],
    ['XMP CreatorTool', info.xmpCreatorTool],
    ['XMP Producer', info.xmpProducer],
  ].filter((t): t is [string, string] => typeof t[1] === 'string');

  for (const [field, value] of tools) {
    const editor = EDITORS.find(([re]) => re.test(value));
    if (editor) out.push({ type: 'Editing software detected', evidence: { specificType: 'EditingTool', value: `${field}: ${value} (${editor[1]})`, dataType: 'Metadata' } });
  }
  const edited = out.length > 0;
  if (!edited) {
    const printer = tools.map(([field, value]) => [field, value, PRINTERS.find(([re]) => re.test(value))] as const).find((t) => t[2]);
    if (printer) {
      out.push({ type: 'Unusual document source', evidence: { specificType: 'PrintedToPdf', value: `${printer[0]}: ${printer[1]} (${printer[2]![1]})`, dataType: 'Metadata' } });
    } else if (tools.length === 0) {
      out.push({ type: 'Unusual document source', evidence: { specificType: 'NoProducer', value: 'the PDF names no producer or creator', dataType: 'Metadata' } });
    } else if (!tools.some(([, v]) => STATEMENT_ENGINES.test(v))) {
      out.push({ type: 'Unusual document source', evidence: { specificType: 'UnknownProducer', value: tools.map(([f, v]) => `${f}: ${v}`).join('; '), dataType: 'Metadata' } });
    }
  }

  if (info.creationDate && info.modDate && Date.parse(info.modDate) - Date.parse(info.creationDate) > SAME_SAVE_MS) {
    out.push({ type: 'Editing software detected', evidence: { specificType: 'ModifiedAfterCreation', value: `created ${info.creationDate}, modified ${info.modDate}`, dataType: 'Date' } });
  }
  if (revisions > 1) {
    out.push({ type: 'Editing software detected', evidence: { specificType: 'IncrementalUpdate', value: `the file was saved ${revisions} times`, dataType: 'File' } });
  }
  if (info.producer && info.xmpProducer && normalize(info.producer) !== normalize(info.xmpProducer)) {
    out.push({ type: 'Editing software detected', evidence: { specificType: 'ProducerMismatch', value: `Info Producer "${info.producer}" but XMP Producer "${info.xmpProducer}"`, dataType: 'Metadata' } });
  }
  if (info.creationDate && periodEnd && info.creationDate.slice(0, 10) < periodEnd) {
    out.push({ type: 'Date edits', evidence: { specificType: 'CreatedBeforePeriodEnd', value: `created ${info.creationDate.slice(0, 10)}, period ends ${periodEnd}`, dataType: 'Date' } });
  }
  return out;
}

function normalize(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}
