"""``logicsim circuit``: the logic bench without a window.

    logicsim circuit list
    logicsim circuit show NAME|FILE
    logicsim circuit truth-table NAME|FILE [--format text|csv|markdown|latex]
    logicsim circuit expr NAME|FILE [--latex]
    logicsim circuit states NAME|FILE
    logicsim circuit run NAME|FILE --cycles N [--set A=1 ...] [--vcd out.vcd] [--force]
                         [--init x|0|random] [--resolution clock|step] [--show N]
    logicsim circuit settle NAME|FILE [--set A=1 ...] [--init x|0|random] [--max-steps N]
    logicsim circuit test NAME|FILE...

``test`` exits 1 when a row fails and prints the first failing row with expected vs got, and 1
when a file has no test table (nothing was tested); ``settle`` exits 3 when the circuit
oscillates and names the nets; a bad circuit file is one line ``file:line: problem`` and exit 2.
``run`` streams: it simulates in chunks, writes the VCD as it goes and keeps only the rows it
prints, so memory does not grow with ``--cycles``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from logicsim.errors import CommandError, shorten

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
    sett = verbs.add_parser(
        "settle",
        help="apply input levels and settle; report an oscillation and its nets (exit 3)",
    )
    sett.add_argument("circuit", help="library name or .toml file")
    sett.add_argument(
        "--set", action="append", default=[], metavar="NET=LEVEL", help="hold an input at 0, 1 or X"
    )
    sett.add_argument(
        "--init",
        choices=("x", "0", "random"),
        default="0",
        help="power-on level of every net (default 0: with X a ring of gates stays X)",
    )
    sett.add_argument("--seed", type=int, default=0, help="seed for --init random")
    sett.add_argument(
        "--max-steps",
        type=int,
        default=None,
        metavar="N",
        help="micro-step bound (default: 1000, raised to the depth of a deeper acyclic circuit)",
    )
    sett.set_defaults(action=_settle)
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
    sys.stdout.writelines(_load(args.circuit).truth_table().iter_text(args.format))
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
            raise CommandError(f"--set needs NET=LEVEL, got {shorten(repr(item))}")
        if name not in c.inputs:
            raise CommandError(
                f"--set {shorten(name)}: {c.key} has no input {shorten(repr(name))} "
                f"(inputs: {shorten(' '.join(c.inputs) or 'none')})"
            )
        out[name] = parse_level(level[:80], f"--set {name}")
    return out


def _run(args: argparse.Namespace) -> int:
    from logicsim.files import atomic_target, check_target

    c = _load(args.circuit)
    if args.cycles < 1:
        raise CommandError(f"--cycles must be at least 1, got {args.cycles}")
    if args.show < 0:
        raise CommandError(f"--show must be 0 or more, got {args.show}")
    if not c.clocks:
        raise CommandError(
            f"{c.key} has no clock; 'run' needs a clocked circuit "
            "(use 'settle' to see whether it settles or oscillates, or truth-table / test)"
        )
    gates = max(1, len(c.flatten().gates))
    if args.cycles > MAX_CYCLES or args.cycles * gates > MAX_GATE_CYCLES:
        limit = min(MAX_CYCLES, MAX_GATE_CYCLES // gates)
        raise CommandError(
            f"--cycles {shorten(args.cycles)} is too many for {c.key} ({gates} gates): "
            f"at most {limit} cycles per run"
        )
    if args.vcd is not None:
        check_target(args.vcd, overwrite=args.force)
    sets = _parse_sets(args.set, c)
    sim = c.simulator(init=args.init, seed=args.seed, on_oscillation="x")
    sim.set_inputs(sets)
    sim.settle()  # the levels at time 0, before the first clock edge
    if args.vcd is None:
        _stream_run(args, c, sim, sets, None)
        return 0
    with atomic_target(args.vcd, overwrite=args.force) as tmp:
        with open(tmp, "w", encoding="ascii") as fh:
            _stream_run(args, c, sim, sets, fh)
    print(f"wrote {args.vcd}")
    return 0


#: Most clock cycles one ``circuit run`` may take, and most cycles x primitive gates.
MAX_CYCLES = 100_000_000
MAX_GATE_CYCLES = 2_000_000_000
#: Cycles simulated (and written to the VCD) per chunk: memory stays bounded whatever --cycles.
CHUNK_CYCLES = 4096
#: Seconds between progress lines on stderr during a long run.
PROGRESS_EVERY = 2.0


def _stream_run(args: argparse.Namespace, c, sim, sets: dict[str, int], vcd) -> None:
    """Run ``args.cycles`` in chunks: print the first ``args.show`` cycles, stream the VCD,
    report progress on stderr; keeps only the last row in memory."""
    import time

    import numpy as np

    from logicsim.logic import WaveformRecorder
    from logicsim.logic.values import level_text
    from logicsim.logic.waveform import VcdWriter

    names = list(dict.fromkeys(list(c.inputs) + list(c.clocks) + list(c.outputs)))
    index = sim.netlist.index
    cols = [index[n] for n in names]
    recorder = writer = None
    if vcd is not None:
        net_names = list(sim.netlist.net_names)
        writer = VcdWriter(vcd, net_names, args.resolution, module=c.key)
        if args.resolution == "step":
            recorder = WaveformRecorder(sim, resolution="step")  # has the state at step 0
        else:  # the settled state at #0, then one sample per half clock period
            writer.write(np.array([sim.half_ticks]), sim.value_array(0)[None])
    print("cycle " + " ".join(names))
    done, last_row = 0, sim.value_array(0)[cols]  # (shown,) levels after the last cycle
    started = last_note = time.monotonic()
    while done < args.cycles:
        n = min(CHUNK_CYCLES, args.cycles - done)
        wave = sim.run(n, inputs=sets, fast=recorder is None)  # (2n, N) samples
        if writer is not None:
            if recorder is not None:
                step_wave = recorder.drain()
                writer.write(step_wave.times, step_wave.values)
            else:
                writer.write(wave.times, wave.values)
        rows = wave.values[:, cols]  # (2n, shown)
        for i in range(min(n, max(0, args.show - done))):
            row = rows[2 * i + 1]  # after the falling edge: the settled state of the cycle
            print(
                f"{done + i + 1:5d} "
                + " ".join(level_text(v).rjust(len(m)) for v, m in zip(row, names, strict=True))
            )
        done += n
        last_row = rows[-1]
        now = time.monotonic()
        if now - last_note >= PROGRESS_EVERY and done < args.cycles:
            rate = done / (now - started)
            sys.stderr.write(
                f"logicsim circuit run: {done}/{args.cycles} cycles "
                f"({100 * done / args.cycles:.0f} %, "
                f"about {(args.cycles - done) / rate:.0f} s left)\n"
            )
            last_note = now
    if writer is not None:
        writer.close()
    if args.cycles > args.show and last_row is not None:  # cycles >= 1: a row was kept
        print(
            f"  ... {args.cycles - args.show} more cycles; after cycle {args.cycles}: "
            + " ".join(f"{n}={level_text(v)}" for n, v in zip(names, last_row, strict=True))
        )
    if sim.oscillating:
        print(f"oscillating nets marked X: {', '.join(sim.oscillating)}")


def _settle(args: argparse.Namespace) -> int:
    from logicsim.logic import OscillationError, X
    from logicsim.logic.values import level_text

    c = _load(args.circuit)
    if args.max_steps is not None and args.max_steps < 1:
        raise CommandError(f"--max-steps must be at least 1, got {args.max_steps}")
    sets = _parse_sets(args.set, c)
    options = {} if args.max_steps is None else {"max_steps": args.max_steps}
    sim = c.simulator(init=args.init, seed=args.seed, on_oscillation="raise", **options)
    sim.set_inputs(sets)
    try:
        steps = sim.settle()
    except OscillationError as exc:
        print(f"OscillationError: {str(exc).removeprefix('oscillation: ')}")
        return EXIT_OSCILLATES
    names = list(dict.fromkeys(list(c.inputs) + list(c.clocks) + list(c.outputs)))
    print(f"settled after {steps} micro-steps")
    print(" ".join(f"{n}={level_text(sim.get(n)[0])}" for n in names))
    if any(sim.get(n)[0] == X for n in names):
        print("X = unknown: the inputs leave these levels undetermined (set every input)")
    return 0


#: Exit code of ``circuit settle`` when the circuit oscillates (2 stays "bad input").
EXIT_OSCILLATES = 3


def _test(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.circuits:
        c = _load(name)
        if not c.tests:
            print(f"NOTHING TO TEST {c.key}: the file has no [[test]] table")
            failed += 1
            continue
        report = c.run_tests()
        print(report.summary())
        if not report.passed:
            failed += 1
            first = report.failures[0]
            print(f"  first failing row: {first}")
    return 1 if failed else 0
