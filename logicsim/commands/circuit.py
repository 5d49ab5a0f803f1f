"""``logicsim circuit``: the logic bench without a window.

    logicsim circuit list
    logicsim circuit show NAME|FILE
    logicsim circuit truth-table NAME|FILE [--format text|csv|markdown|latex]
    logicsim circuit expr NAME|FILE [--latex]
    logicsim circuit states NAME|FILE
    logicsim circuit run NAME|FILE --cycles N [--set A=1 ...] [--vcd out.vcd] [--force]
                         [--init x|0|random] [--resolution clock|step]
    logicsim circuit test NAME|FILE...

``test`` exits 1 when a row fails and prints the first failing row with expected vs got; a bad
circuit file is one line ``file:line: problem`` and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from logicsim.errors import CommandError
from logicsim.files import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.logic.circuit import Circuit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "circuit",
        help="list, show, tabulate, run and test logic circuits",
        description="The logic bench without a window: library circuits by name, or circuit files "
        "(TOML).",
    )
    verbs = p.add_subparsers(
        dest="circuit_command", metavar="ACTION", required=True, parser_class=type(p)
    )
    verbs.add_parser("list", help="list the library circuits").set_defaults(action=_list)
    show = verbs.add_parser("show", help="describe a circuit: ports, gates, instances, tests")
    show.add_argument("circuit", help="library name or .toml file")
    show.set_defaults(action=_show)
    tt = verbs.add_parser("truth-table", help="truth table of a combinational circuit")
    tt.add_argument("circuit", help="library name or .toml file")
    tt.add_argument("--format", choices=("text", "csv", "markdown", "latex"), default="text")
    tt.set_defaults(action=_truth_table)
    ex = verbs.add_parser("expr", help="sum-of-products formula of each output (sympy)")
    ex.add_argument("circuit", help="library name or .toml file")
    ex.add_argument("--latex", action="store_true", help="print LaTeX instead of text")
    ex.set_defaults(action=_expr)
    st = verbs.add_parser("states", help="state-transition table of a small sequential circuit")
    st.add_argument("circuit", help="library name or .toml file")
    st.set_defaults(action=_states)
    runp = verbs.add_parser("run", help="run clock cycles and print the outputs (optionally a VCD)")
    runp.add_argument("circuit", help="library name or .toml file")
    runp.add_argument("--cycles", type=int, required=True, help="number of full clock cycles")
    runp.add_argument(
        "--set", action="append", default=[], metavar="NET=LEVEL", help="hold an input at 0, 1 or X"
    )
    runp.add_argument(
        "--init", choices=("x", "0", "random"), default="x", help="power-on level of every net"
    )
    runp.add_argument("--seed", type=int, default=0, help="seed for --init random")
    runp.add_argument("--vcd", metavar="FILE", help="write the waveform (clock resolution) as VCD")
    runp.add_argument("--force", action="store_true", help="overwrite an existing --vcd file")
    runp.add_argument(
        "--resolution",
        choices=("clock", "step"),
        default="clock",
        help="VCD time unit: half clock periods (default) or unit-delay micro-steps",
    )
    runp.add_argument(
        "--show", type=int, default=32, metavar="N", help="print at most N cycles (default 32)"
    )
    runp.set_defaults(action=_run)
    test = verbs.add_parser("test", help="run the test tables inside circuit files")
    test.add_argument("circuits", nargs="+", help="library names or .toml files")
    test.set_defaults(action=_test)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen action; returns the exit code."""
    return args.action(args)


def _load(name: str):
    from logicsim.logic import load_circuit

    return load_circuit(name)


def _list(args: argparse.Namespace) -> int:
    from logicsim.logic import library_names

    for name in library_names():
        c = _load(name)
        kind = "combinational" if c.is_combinational else "sequential"
        print(f"{name:20s} {kind:13s} {c.name}")
    return 0


def _show(args: argparse.Namespace) -> int:
    c = _load(args.circuit)
    nl = c.flatten()
    print(f"{c.name} ({c.key})  {c.path}")
    if c.description:
        print(f"  {c.description}")
    print(f"  inputs:  {' '.join(c.inputs) or '-'}")
    if c.clocks:
        print(f"  clocks:  {' '.join(c.clocks)}")
    print(f"  outputs: {' '.join(c.outputs)}")
    kind = "combinational" if c.is_combinational else "sequential"
    print(f"  {kind}; {len(nl.gates)} primitive gates, {len(nl.net_names)} nets after flattening")
    for g in c.gates:
        print(f"  gate     {g.output} = {g.op}({', '.join(g.inputs)})")
    for inst in c.instances:
        ports = ", ".join(f"{k}={v}" for k, v in inst.ports.items())
        print(f"  instance {inst.name}: {inst.use}({ports})")
    for net, code in c.init.items():
        print(f"  init     {net} = {'X' if code == 2 else code}")
    for t in c.tests:
        print(f"  test     {t.name!r}: {len(t.rows)} rows")
    return 0


def _truth_table(args: argparse.Namespace) -> int:
    sys.stdout.write(_load(args.circuit).truth_table().format(args.format))
    return 0


def _expr(args: argparse.Namespace) -> int:
    from logicsim.logic.expressions import expressions, expressions_latex

    c = _load(args.circuit)
    if args.latex:
        sys.stdout.write(expressions_latex(c))
    else:
        for name, expr in expressions(c).items():
            print(f"{name} = {expr}")
    return 0


def _states(args: argparse.Namespace) -> int:
    sys.stdout.write(_load(args.circuit).state_table().format())
    return 0


def _parse_sets(items: list[str], c: Circuit) -> dict[str, int]:
    from logicsim.logic.values import parse_level

    out = {}
    for item in items:
        name, sep, level = item.partition("=")
        if not sep:
            raise CommandError(f"--set needs NET=LEVEL, got {item!r}")
        if name not in c.inputs:
            raise CommandError(
                f"--set {name}: {c.key} has no input {name!r} (inputs: "
                f"{' '.join(c.inputs) or 'none'})"
            )
        out[name] = parse_level(level, f"--set {name}")
    return out


def _run(args: argparse.Namespace) -> int:
    from logicsim.logic.values import level_text

    c = _load(args.circuit)
    if args.cycles < 1:
        raise CommandError(f"--cycles must be at least 1, got {args.cycles}")
    if not c.clocks:
        raise CommandError(
            f"{c.key} has no clock; 'run' needs a clocked circuit (use truth-table or test)"
        )
    if args.vcd and os.path.exists(args.vcd) and not args.force:
        raise CommandError(f"{args.vcd} exists (use --force to overwrite)")
    sets = _parse_sets(args.set, c)
    sim = c.simulator(init=args.init, seed=args.seed, on_oscillation="x")
    recorder = None
    if args.resolution == "step":
        from logicsim.logic import WaveformRecorder

        recorder = WaveformRecorder(sim, resolution="step")
    wave = sim.run(args.cycles, inputs=sets, fast=recorder is None)
    cols = list(c.inputs) + list(c.clocks) + list(c.outputs)
    shown = wave.select(list(dict.fromkeys(cols)))
    names = shown.names
    print("cycle " + " ".join(names))
    last = len(shown.times) // 2
    for cycle in range(min(last, args.show)):
        row = shown.values[2 * cycle + 1]  # after the falling edge: the settled state of the cycle
        print(
            f"{cycle + 1:5d} "
            + " ".join(level_text(v).rjust(len(n)) for v, n in zip(row, names, strict=True))
        )
    if last > args.show:
        row = shown.values[-1]
        print(
            f"  ... {last - args.show} more cycles; after cycle {last}: "
            + " ".join(f"{n}={level_text(v)}" for n, v in zip(names, row, strict=True))
        )
    if sim.oscillating:
        print(f"oscillating nets marked X: {', '.join(sim.oscillating)}")
    if args.vcd:
        dump = recorder.waveform() if recorder is not None else wave
        write_atomic(args.vcd, dump.vcd_text(module=c.key), overwrite=args.force)
        print(f"wrote {args.vcd}")
    return 0


def _test(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.circuits:
        report = _load(name).run_tests()
        print(report.summary())
        if not report.passed:
            failed += 1
            first = report.failures[0]
            print(f"  first failing row: {first}")
    return 1 if failed else 0
