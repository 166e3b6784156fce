/** XLSX workbook metadata read straight from the zip: sheet list, sheet choice, zip-bomb guard. */
import { EngineError } from '../errors.js';
import { checkZipLimits, readZipDirectory, readZipEntry, verifyZipContents, type ZipEntry, type ZipLimits } from './zip.js';

export interface SheetRef {
  name: string;
  /** 1-based position in the workbook's tab order. */
  index: number;
  /** N of `xl/worksheets/sheetN.xml`, the part the streaming reader knows the sheet by. */
  part: string | undefined;
}

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out.set(m[1] as string, decodeXml(m[2] ?? m[3] ?? ''));
  }
  return out;
}

/** An attribute by local name, whatever namespace prefix the writer used (`r:id`, `ns1:id`). */
function localAttr(attrs: Map<string, string>, local: string, prefixed: boolean): string | undefined {
  for (const [k, v] of attrs) {
    const colon = k.indexOf(':');
    if (prefixed ? colon >= 0 && k.slice(colon + 1) === local : k === local) return v;
  }
  return undefined;
}

function elements(xml: string, local: string): Map<string, string>[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${local}\\b([^>]*)>`, 'g');
  return [...xml.matchAll(re)].map((m) => attributes(m[1] as string));
}

export function parseSheets(workbookXml: string, relsXml: string): SheetRef[] {
  const targets = new Map<string, string>();
  for (const rel of elements(relsXml, 'Relationship')) {
    const id = rel.get('Id');
    const target = rel.get('Target');
    if (id !== undefined && target !== undefined) targets.set(id, target);
  }
  return elements(workbookXml, 'sheet').map((attrs, i) => {
    const rid = localAttr(attrs, 'id', true);
    const target = rid === undefined ? undefined : targets.get(rid);
    const part = target === undefined ? undefined : /(?:^|\/)worksheets\/sheet(\d+)\.xml$/.exec(target)?.[1];
    return { name: attrs.get('name') ?? `Sheet${i + 1}`, index: i + 1, part };
  });
}

export interface WorkbookInfo {
  entries: ZipEntry[];
  sheets: SheetRef[];
  /** Serial dates count from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
}

/** Lists the archive, refuses zip bombs (declared or forged sizes), and reads the sheet list. */
export async function inspectWorkbook(path: string, limits?: ZipLimits): Promise<WorkbookInfo> {
  const dir = await readZipDirectory(path);
  const entries = dir.entries;
  checkZipLimits(entries, path, limits);
  await verifyZipContents(path, dir);
  const find = (name: string): ZipEntry | undefined => entries.find((e) => e.name === name);
  const wb = find('xl/workbook.xml');
  if (!wb) throw new EngineError('BAD_INPUT', `${path} is a zip archive but not an XLSX workbook (no xl/workbook.xml)`, { location: { file: path } });
  const rels = find('xl/_rels/workbook.xml.rels');
  const workbookXml = (await readZipEntry(path, wb)).toString('utf8');
  const relsXml = rels ? (await readZipEntry(path, rels)).toString('utf8') : '';
  const sheets = parseSheets(workbookXml, relsXml);
  if (sheets.length === 0) throw new EngineError('BAD_INPUT', `${path} has no worksheets`, { location: { file: path } });
  const pr = elements(workbookXml, 'workbookPr')[0]?.get('date1904');
  return { entries, sheets, date1904: pr === '1' || pr === 'true' };
}

/** The sheet chosen by name or 1-based index; the default is the first tab. */
export function chooseSheet(sheets: SheetRef[], want: string | number | undefined, path: string): SheetRef {
  const list = sheets.map((s) => JSON.stringify(s.name)).join(', ');
  let found: SheetRef | undefined;
  if (want === undefined) found = sheets[0];
  else if (typeof want === 'number') found = Number.isInteger(want) ? sheets[want - 1] : undefined;
  else {
    found = sheets.find((s) => s.name === want) ?? sheets.find((s) => s.name.toLowerCase() === want.toLowerCase());
    // A command line hands over "2"; it means the second tab unless a sheet is named "2".
    if (!found && /^\d+$/.test(want)) found = sheets[Number(want) - 1];
  }
  if (!found) {
    const what = typeof want === 'number' ? `no sheet number ${want} (it has ${sheets.length})` : `no sheet named ${JSON.stringify(want)}`;
    throw new EngineError('INVALID_ARGUMENT', `${path} has ${what}; sheets: ${list}`, { location: { file: path }, details: { sheets: sheets.map((s) => s.name) } });
  }
  if (found.part === undefined) {
    throw new EngineError('UNSUPPORTED_FORMAT', `${path}: sheet ${JSON.stringify(found.name)} is not stored as a worksheet part this reader supports (chart sheet or unusual layout)`, { location: { file: path } });
  }
  return found;
}
