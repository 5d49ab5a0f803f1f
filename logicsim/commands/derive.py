"""``logicsim derive``: the cells' formulas derived by sympy, printed or exported.

    logicsim derive rnn|lstm [--what step|jacobian|product|bptt] [--n N]
                   [--format latex|mathml|unicode|svg|numpy|c|octave] [--out FILE] [--force]

Printed forms (LaTeX, MathML, Unicode, SVG) use the lecture's notation (W_hx, W_hh, b, gate
superscripts); the code forms keep PyTorch's names.  ``svg`` is the formula typeset by ziamath
(no TeX needed).  Without ``--out`` the formula goes to standard output.  ``--out`` writes
atomically and refuses to replace an existing file unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import sys

from logicsim.vocab import CELLS
from logicsim.vocab import FORMULA_FORMATS as FORMATS
from logicsim.vocab import FORMULAS as WHATS


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``derive`` verb."""
    p = sub.add_parser(
        "derive",
        help="derive a cell's step, Jacobian, Jacobian product or BPTT formula (sympy)",
        description=(
            "Derive a formula of the RNN or LSTM cell with sympy and print it as LaTeX, "
            "MathML, Unicode, typeset SVG, or as a complete NumPy / C99 / Octave function."
        ),
    )
    p.add_argument("cell", choices=CELLS, help="which cell")
    p.add_argument("--what", choices=WHATS, default="jacobian",
                   help="step equations, step Jacobian, product dh[T]/dh[t], or BPTT recursion "
                        "(default: jacobian)")  # fmt: skip
    p.add_argument("--format", choices=FORMATS, default="unicode", dest="fmt",
                   help="output format (default: unicode)")  # fmt: skip
    p.add_argument(
        "--n",
        type=int,
        default=1,
        metavar="N",
        help="hidden size of the explicit form, 1 (scalar) to 4 (default: 1)",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Derive, print or write; bad values raise ``LogicsimError`` (one line, exit 2)."""
    from logicsim.symbolic import formula

    f = formula(args.cell, args.what, args.n)
    if args.out:
        path = f.write(args.out, args.fmt, overwrite=args.force)
        sys.stderr.write(f"wrote {path}\n")
    else:
        sys.stdout.write(f.export(args.fmt))
    return 0
