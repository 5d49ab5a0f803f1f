"""Kleene three-valued logic on packed bit-planes, compared with a min/max reference."""

import itertools

import numpy as np
import pytest

from logicsim.logic.gates import OPS, evaluate, evaluate_known
from logicsim.logic.values import X, decode, encode, pack_bits, parse_level, unpack_bits

# Reference: order 0 < X < 1 as 0 < 0.5 < 1; AND = min, OR = max, NOT = 1 - x.
NUM = {0: 0.0, 1: 1.0, X: 0.5}
BACK = {0.0: 0, 1.0: 1, 0.5: X}


def reference(op, levels):
    vals = [NUM[v] for v in levels]
    if op in ("AND", "NAND"):
        out = min(vals)
    elif op in ("OR", "NOR"):
        out = max(vals)
    elif op in ("XOR", "XNOR"):
        out = 0.5 if 0.5 in vals else float(sum(vals) % 2)
    else:  # BUF, NOT
        out = vals[0]
    if op in ("NOT", "NAND", "NOR", "XNOR"):
        out = 1.0 - out
    return BACK[out]


# Kleene rules, written as rows: op, inputs, output
KLEENE_ROWS = [
    ("AND", (0, X), 0),
    ("AND", (1, X), X),
    ("AND", (X, X), X),
    ("OR", (1, X), 1),
    ("OR", (0, X), X),
    ("NOT", (X,), X),
    ("NAND", (0, X), 1),
    ("NOR", (1, X), 0),
    ("XOR", (1, X), X),
    ("XNOR", (0, 0), 1),
]


@pytest.mark.parametrize("op, ins, out", KLEENE_ROWS)
def test_kleene_rules(op, ins, out):
    v, k = encode(np.array([[c] for c in ins]))
    got = decode(*evaluate(op, list(v), list(k)), batch=1)
    assert got.tolist() == [out]


@pytest.mark.parametrize("op", [o for o in OPS if o != "DFF"])
def test_every_gate_matches_the_reference_on_all_levels_batched(op):
    lo, hi, _ = OPS[op]
    for n in range(lo, (hi or 3) + 1):
        rows = list(itertools.product((0, 1, X), repeat=n))
        codes = np.array(rows).T  # (n, B): all rows at once on the batch axis
        v, k = encode(codes)
        got = decode(*evaluate(op, list(v), list(k)), batch=len(rows))
        want = [reference(op, r) for r in rows]
        assert got.tolist() == want


@pytest.mark.parametrize("op", ["AND", "OR", "NAND", "NOR", "XOR", "XNOR", "NOT", "BUF"])
def test_python_int_planes_give_the_same_result(op):
    n = 1 if op in ("NOT", "BUF") else 2
    rows = list(itertools.product((0, 1, X), repeat=n))
    v, k = encode(np.array(rows).T)
    ints_v = [int(w[0]) for w in v]
    ints_k = [int(w[0]) for w in k]
    ov, ok = evaluate(op, ints_v, ints_k)
    nv, nk = evaluate(op, list(v), list(k))
    assert ov == int(nv[0]) and ok == int(nk[0])
    assert ov >= 0 and ok >= 0 and ov & ~ok == 0  # canonical


def test_known_fast_path_agrees_with_kleene_on_known_levels():
    rows = np.array(list(itertools.product((0, 1), repeat=3))).T  # (3, 8)
    v, k = encode(rows)
    for op in ("AND", "OR", "NAND", "NOR", "XOR", "XNOR"):
        fast = evaluate_known(op, list(v)) & k[0]
        slow, _ = evaluate(op, list(v), list(k))
        assert np.array_equal(fast, slow)


def test_pack_unpack_round_trip_over_word_boundaries():
    rng = np.random.default_rng(0)
    for B in (1, 63, 64, 65, 200):
        bits = rng.integers(0, 2, size=(3, B)).astype(bool)
        words = pack_bits(bits)
        assert words.shape == (3, (B + 63) // 64)
        assert np.array_equal(unpack_bits(words, B), bits)


def test_encode_is_canonical_and_round_trips():
    codes = np.array([0, 1, X, 1, X, 0] * 20)
    v, k = encode(codes)
    assert not (v & ~k).any()
    assert decode(v, k, len(codes)).tolist() == codes.tolist()


@pytest.mark.parametrize("text, code", [("0", 0), ("1", 1), ("X", X), ("x", X), (1, 1), (True, 1)])
def test_parse_level(text, code):
    assert parse_level(text) == code


def test_parse_level_rejects_other_symbols():
    with pytest.raises(ValueError, match="expected 0, 1 or X"):
        parse_level("3")
