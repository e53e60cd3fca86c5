"""Generates MILLS_TABLE of crates/votebloc/src/ideal/normal.rs: the Mills ratio
R(x) = Φ̄(x)/φ(x) = √(π/2)·erfcx(x/√2) on [0, 8) in 32 quarters, each the Chebyshev
interpolant of degree 10 at 64 nodes, written as a polynomial in t ∈ [−1, 1]
(x = centre + t/8). Prints the largest relative error against SciPy's erfcx.
Run: python3 crates/votebloc/tools/mills_table.py > table.rs"""
import sys
import numpy as np
from numpy.polynomial import chebyshev as C, polynomial as P
from scipy.special import erfcx

R = lambda x: erfcx(x / np.sqrt(2)) * np.sqrt(np.pi / 2)
WIDTH, PIECES, DEGREE = 0.25, 32, 10
rows, worst = [], 0.0
for k in range(PIECES):
    a, b = k * WIDTH, (k + 1) * WIDTH
    t = np.cos(np.pi * (np.arange(64) + 0.5) / 64)
    coefficients = C.cheb2poly(C.chebfit(t, R((a + b) / 2 + (b - a) / 2 * t), DEGREE))
    tt = np.linspace(-1, 1, 2001)
    worst = max(worst, np.max(np.abs(P.polyval(tt, coefficients) / R((a + b) / 2 + (b - a) / 2 * tt) - 1)))
    rows.append(coefficients)
print(f"// Largest relative error against SciPy's erfcx: {worst:.1e}", file=sys.stderr)
print(f"const MILLS_TABLE: [[f64; {DEGREE + 1}]; {PIECES}] = [")
for c in rows:
    print("    [" + ", ".join(repr(float(v)) for v in c) + "],")
print("];")
