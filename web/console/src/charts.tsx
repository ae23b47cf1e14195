/**
 * The console's charts, drawn with uPlot (docs/console.md says why: the smallest of the four
 * libraries weighed, and the accessible part is ours either way). A chart is a picture for the
 * eye: the canvas sits inside an element with role="img" whose aria-label says what it shows with
 * its numbers, and the same numbers are a table in a <details> under it, for a screen reader, a
 * keyboard or a copy. Amounts are formatted for en-CA or fr-CA.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartLanguage = 'en' | 'fr';

const STRINGS = {
  en: {
    balanceLabel: 'Balance of {account} from {from} to {to}, from {first} to {last} {currency}; lowest {min}, highest {max}',
    balanceEmpty: 'Balance of {account}: no history',
    cashFlowLabel: 'Monthly cash flow of {account} from {from} to {to}: money in {in} {currency}, money out {out} {currency} in total',
    spendingLabel: 'Spending of {account} by category: {list}',
    spendingEmpty: 'Spending of {account} by category: no spending',
    andMore: 'and {n} more',
    numbers: 'Show the numbers',
    date: 'Date',
    balance: 'Balance',
    month: 'Month',
    moneyIn: 'Money in',
    moneyOut: 'Money out',
    category: 'Category',
    amount: 'Amount',
    noData: 'No data to chart.',
  },
  fr: {
    balanceLabel: 'Solde de {account} du {from} au {to}, de {first} à {last} {currency}; minimum {min}, maximum {max}',
    balanceEmpty: 'Solde de {account} : aucun historique',
    cashFlowLabel: 'Flux de trésorerie mensuel de {account} de {from} à {to} : entrées {in} {currency}, sorties {out} {currency} au total',
    spendingLabel: 'Dépenses de {account} par catégorie : {list}',
    spendingEmpty: 'Dépenses de {account} par catégorie : aucune dépense',
    andMore: 'et {n} autres',
    numbers: 'Afficher les chiffres',
    date: 'Date',
    balance: 'Solde',
    month: 'Mois',
    moneyIn: 'Entrées',
    moneyOut: 'Sorties',
    category: 'Catégorie',
    amount: 'Montant',
    noData: 'Aucune donnée à afficher.',
  },
} as const;

type Key = keyof (typeof STRINGS)['en'];

function t(lang: ChartLanguage, key: Key, vars: Record<string, string | number> = {}): string {
  return STRINGS[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** An amount as the locale writes it, two decimals (1,204.55 in en-CA; 1 204,55 in fr-CA). */
export function formatAmount(value: number, lang: ChartLanguage): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

const COLORS = { balance: '#1f5fbf', in: '#1a7f37', out: '#c0392b', spending: '#7a4fb5', grid: 'rgba(0,0,0,0.08)', axis: '#444' };
const HEIGHT = 220;

/**
 * uPlot drawn into a div that follows its container's width. Rebuilt only when what it draws
 * changes (`drawn`: the label, which names the numbers and the language), not at every render.
 */
function Plot({ options, data, drawn }: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; drawn: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef({ options, data });
  latest.current = { options, data };
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { options, data } = latest.current;
    const plot = new uPlot({ ...options, width: Math.max(200, el.clientWidth), height: options.scales?.x?.ori === 1 ? Math.max(HEIGHT, 28 * (data[0]?.length ?? 0) + 60) : HEIGHT }, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: plot.height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [drawn]);
  // The canvas is decoration: the element with role="img" around it names what it shows.
  return <div ref={ref} className="chart-canvas" aria-hidden="true" />;
}

function Figure({ label, lang, head, rows, children }: { label: string; lang: ChartLanguage; head: string[]; rows: (string | number)[][]; children: ReactNode }) {
  return (
    <figure className="chart">
      <div role="img" aria-label={label}>{children}</div>
      <details>
        <summary>{t(lang, 'numbers')}</summary>
        <table>
          <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
          <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j} className="num">{c}</td>))}</tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}

const axis = (extra: uPlot.Axis = {}): uPlot.Axis => ({ stroke: COLORS.axis, grid: { stroke: COLORS.grid }, ticks: { stroke: COLORS.grid }, ...extra });
const utcSeconds = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

/** The balance at the end of each day of one account. */
export function BalanceChart({ lang, account, currency, points }: { lang: ChartLanguage; account: string; currency: string; points: { date: string; balance: number }[] }) {
  const fmt = (v: number) => formatAmount(v, lang);
  if (points.length === 0) return <Figure label={t(lang, 'balanceEmpty', { account })} lang={lang} head={[t(lang, 'date'), t(lang, 'balance')]} rows={[]}><p>{t(lang, 'noData')}</p></Figure>;
  const values = points.map((p) => p.balance);
  const label = t(lang, 'balanceLabel', {
    account, currency, from: points[0]!.date, to: points.at(-1)!.date, first: fmt(values[0]!), last: fmt(values.at(-1)!), min: fmt(Math.min(...values)), max: fmt(Math.max(...values)),
  });
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    series: [{}, { label: t(lang, 'balance'), stroke: COLORS.balance, width: 2, fill: 'rgba(31,95,191,0.08)', value: (_, v) => (v == null ? '' : fmt(v)) }],
    axes: [axis(), axis({ size: 80, values: (_, splits) => splits.map(fmt) })],
  };
  const data: uPlot.AlignedData = [points.map((p) => utcSeconds(p.date)), values];
  return (
    <Figure label={label} lang={lang} head={[t(lang, 'date'), `${t(lang, 'balance')} (${currency})`]} rows={points.map((p) => [p.date, fmt(p.balance)])}>
      <Plot options={options} data={data} drawn={label + JSON.stringify(data)} />
    </Figure>
  );
}

/** Money in and out of one account, month by month, as bars side by side. */
export function CashFlowChart({ lang, account, currency, months }: { lang: ChartLanguage; account: string; currency: string; months: { month: string; moneyIn: number; moneyOut: number }[] }) {
  const fmt = (v: number) => formatAmount(v, lang);
  const head = [t(lang, 'month'), `${t(lang, 'moneyIn')} (${currency})`, `${t(lang, 'moneyOut')} (${currency})`];
  if (months.length === 0) return <Figure label={t(lang, 'cashFlowLabel', { account, currency, from: '-', to: '-', in: fmt(0), out: fmt(0) })} lang={lang} head={head} rows={[]}><p>{t(lang, 'noData')}</p></Figure>;
  const total = (k: 'moneyIn' | 'moneyOut') => months.reduce((s, m) => s + Math.round(m[k] * 100), 0) / 100;
  const label = t(lang, 'cashFlowLabel', { account, currency, from: months[0]!.month, to: months.at(-1)!.month, in: fmt(total('moneyIn')), out: fmt(total('moneyOut')) });
  const names = months.map((m) => m.month);
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false, range: [-0.5, months.length - 0.5] } },
    series: [
      { value: (_, i) => names[i] ?? '' },
      { label: t(lang, 'moneyIn'), fill: COLORS.in, stroke: COLORS.in, paths: uPlot.paths.bars!({ size: [0.4, 40], align: -1 }), points: { show: false } },
      { label: t(lang, 'moneyOut'), fill: COLORS.out, stroke: COLORS.out, paths: uPlot.paths.bars!({ size: [0.4, 40], align: 1 }), points: { show: false } },
    ],
    axes: [
      axis({ incrs: [1, 2, 3, 6, 12], values: (_, splits) => splits.map((i) => names[i] ?? '') }),
      axis({ size: 80, values: (_, splits) => splits.map(fmt) }),
    ],
  };
  const data: uPlot.AlignedData = [months.map((_, i) => i), months.map((m) => m.moneyIn), months.map((m) => m.moneyOut)];
  return (
    <Figure label={label} lang={lang} head={head} rows={months.map((m) => [m.month, fmt(m.moneyIn), fmt(m.moneyOut)])}>
      <Plot options={options} data={data} drawn={label + JSON.stringify(data)} />
    </Figure>
  );
}

/** Spending per category of one account, largest first, as horizontal bars. */
export function SpendingChart({ lang, account, currency, categories, names = {} }: { lang: ChartLanguage; account: string; currency: string; categories: { category: string; amount: number }[]; names?: Record<string, string> }) {
  const fmt = (v: number) => formatAmount(v, lang);
  const named = categories.map((c) => ({ ...c, name: names[c.category] ?? c.category }));
  const head = [t(lang, 'category'), `${t(lang, 'amount')} (${currency})`];
  if (named.length === 0) return <Figure label={t(lang, 'spendingEmpty', { account })} lang={lang} head={head} rows={[]}><p>{t(lang, 'noData')}</p></Figure>;
  const shown = named.slice(0, 5).map((c) => `${c.name} ${fmt(c.amount)} ${currency}`);
  const list = named.length > 5 ? `${shown.join(', ')}, ${t(lang, 'andMore', { n: named.length - 5 })}` : shown.join(', ');
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    // Horizontal bars: the category scale runs down the left side, amounts along the bottom.
    scales: { x: { time: false, ori: 1, dir: -1, range: [-0.5, named.length - 0.5] }, y: { ori: 0, range: (_, __, max) => [0, max * 1.05 || 1] } },
    series: [
      { value: (_, i) => named[i]?.name ?? '' },
      { label: t(lang, 'amount'), fill: COLORS.spending, stroke: COLORS.spending, paths: uPlot.paths.bars!({ size: [0.6, 24] }), points: { show: false } },
    ],
    axes: [
      // One tick per category, named (uPlot's own splits of a rotated index scale come out empty).
      axis({ side: 3, size: 150, grid: { show: false }, splits: () => named.map((_, i) => i), values: (_, splits) => splits.map((i) => named[i]?.name ?? '') }),
      // Whole amounts on the value axis: two decimals at every tick crowd each other.
      axis({ side: 2, space: 80, values: (_, splits) => splits.map((v) => new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { maximumFractionDigits: 0 }).format(v)) }),
    ],
  };
  const data: uPlot.AlignedData = [named.map((_, i) => i), named.map((c) => c.amount)];
  const label = t(lang, 'spendingLabel', { account, list });
  return (
    <Figure label={label} lang={lang} head={head} rows={named.map((c) => [c.name, fmt(c.amount)])}>
      <Plot options={options} data={data} drawn={label + JSON.stringify(data)} />
    </Figure>
  );
}
