/**
 * The report's stylesheet, inlined so report.html is one self-contained file. Sized for a laptop
 * screen; the print rules keep figures and tables whole and drop the on-screen navigation.
 */
export const REPORT_CSS = `
:root { --ink: #1d1f23; --muted: #5f6670; --line: #dde1e6; --head: #f3f5f8; --accent: #2a7ab9; --best: #dff1dc; --best-ink: #17521a; --soce: #fff6e6; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fafbfc; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; background: #fff; min-height: 100vh; box-shadow: 0 0 0 1px var(--line); }
header h1 { margin: 0 0 4px; font-size: 26px; line-height: 1.25; }
.meta { margin: 0 0 16px; color: var(--muted); }
.candidates { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 0; padding: 0; list-style: none; }
.candidates li { padding: 2px 10px; border: 1px solid var(--line); border-radius: 999px; background: var(--head); font-size: 13px; overflow-wrap: anywhere; }
.candidates li.expert { border-color: #e0a040; background: #fff3df; }
.glance { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0 0; }
.glance div { flex: 1 1 180px; padding: 10px 14px; border: 1px solid var(--line); border-radius: 8px; }
.glance dt { color: var(--muted); font-size: 13px; }
.glance dd { margin: 2px 0 0; font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.glance dd small { font-size: 13px; font-weight: 500; color: var(--muted); }
nav { margin: 20px 0 0; padding: 8px 0; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); font-size: 14px; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; padding: 0; list-style: none; }
nav a { color: var(--accent); text-decoration: none; }
section { margin: 32px 0 0; }
h2 { margin: 0 0 8px; font-size: 20px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { margin: 18px 0 6px; font-size: 16px; }
p { margin: 6px 0 12px; max-width: 80ch; }
.muted { color: var(--muted); }
figure { margin: 12px 0 16px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 4px; color: var(--muted); font-size: 13px; max-width: 90ch; }
.pair { display: flex; gap: 8px 24px; align-items: flex-start; }
.pair figure { flex: 0 1 var(--chart-width, 50%); min-width: 0; margin-top: 4px; }
.pair figure.chart svg { width: 100%; }
.means { font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 4px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--head); border-bottom: 1px solid #c8ced6; font-weight: 600; vertical-align: bottom; }
tbody th { font-weight: 500; }
.num { text-align: right; white-space: nowrap; }
thead th.num { white-space: normal; min-width: 6.5em; }
table.compact th, table.compact td { padding: 3px 10px; }
tr.chosen td { background: #fdecea; }
td.range { white-space: nowrap; }
.tag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 4px; background: #c0392b; color: #fff; font-size: 12px; font-weight: 600; }
td.error { color: #8a1c1c; overflow-wrap: anywhere; }
table.comparison { width: 100%; }
table.comparison tbody th { min-width: 16em; max-width: 24em; }
table.comparison .kind { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; }
table.comparison .weights { color: var(--muted); font-size: 12px; font-weight: 400; }
table.comparison .total { border-left: 1px solid var(--line); }
table.comparison tbody.references { border-top: 2px solid #9aa3ad; }
table.comparison tr.kind-soce { background: var(--soce); }
table.comparison tr.kind-soce th { font-weight: 700; }
td.best { background: var(--best); color: var(--best-ink); font-weight: 700; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media (max-width: 720px) { main { padding: 16px; } .pair { flex-wrap: wrap; } }
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; box-shadow: none; }
  nav { display: none; }
  section { break-before: auto; }
  h2, h3 { break-after: avoid; }
  figure, table, .glance { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
