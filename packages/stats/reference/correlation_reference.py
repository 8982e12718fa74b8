"""Reference correlations for packages/stats/src/correlation.test.ts, computed independently of
the TypeScript code: exact rational arithmetic (fractions.Fraction on the exact binary value of
every float64 input), then one square root in 60-digit decimal arithmetic, rounded to float64.
Pairwise-complete (a row counts only if both values are present); Spearman ranks that subset
with average ranks for ties. Run: python3 packages/stats/reference/correlation_reference.py
"""
import csv
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

getcontext().prec = 60


def pairs(xs, ys):
    return [(x, y) for x, y in zip(xs, ys) if x is not None and y is not None]


def average_ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [Fraction(0)] * len(values)
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and values[order[end]] == values[order[start]]:
            end += 1
        for k in range(start, end):
            ranks[order[k]] = Fraction(start + 1 + end, 2)
        start = end
    return ranks


def exact_pearson(xs, ys):
    xs = [Fraction(x) for x in xs]
    ys = [Fraction(y) for y in ys]
    n = len(xs)
    mx = sum(xs) / n
    my = sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    r = Decimal(sxy.numerator) / Decimal(sxy.denominator) / (Decimal(sxx.numerator) / Decimal(sxx.denominator) * Decimal(syy.numerator) / Decimal(syy.denominator)).sqrt()
    return float(r)


def correlation(xs, ys, method):
    p = pairs(xs, ys)
    if len(p) < 3 or len({x for x, _ in p}) == 1 or len({y for _, y in p}) == 1:
        return None, len(p)
    px = [x for x, _ in p]
    py = [y for _, y in p]
    if method == 'spearman':
        px, py = average_ranks(px), average_ranks(py)
    return exact_pearson(px, py), len(p)


def show(name, columns, method):
    print(f'// {name} ({method})')
    for a in columns:
        print('[' + ', '.join(repr(correlation(a, b, method)[0]) if a is not b else '1' for b in columns) + '],')
    print('n:', [[correlation(a, b, method)[1] for b in columns] for a in columns])


# A small table with ties, missing values, a large common offset and a short column.
small = [
    [0.5, 0.7, 0.9, None, 0.7, 0.2, 0.4, 0.7],
    [12.0, 15.5, 15.5, 9.25, None, 3.0, 8.0, 15.5],
    [1e9 + 1, 1e9 + 3, 1e9 + 2, 1e9 + 5, 1e9 + 4, 1e9, 1e9 + 1, 1e9 + 3],
    [None, 2.0, None, None, 5.0, None, 1.0, None],
]
for method in ('pearson', 'spearman'):
    show('small', small, method)

bfcl = Path(__file__).resolve().parents[3] / 'examples/bfcl/bfcl-v3-2025-04-30.csv'
rows = list(csv.DictReader(open(bfcl, newline='')))
names = ['Non-Live AST Acc', 'Live Acc', 'Multi Turn Acc', 'Relevance Detection', 'Irrelevance Detection']
value = lambda s: None if s.strip() == 'N/A' else float(s.strip().rstrip('%'))
columns = [[value(r[c]) for r in rows] for c in names]
for method in ('pearson', 'spearman'):
    show('BFCL v3, all models', columns, method)
