"""The chapter's chain, equation (1.3.5), as the tests build it with bp (fixture ``chain``)."""

from __future__ import annotations

import bp


def build_chain() -> bp.Graph:
    """Equation (1.3.5): A = X+1, B = A², C = ln B, D = √C, E = D − 1."""
    X = bp.Input("X")
    A = bp.AddConstant(1)(X, name="A")
    B = bp.Square()(A, name="B")
    C = bp.Ln()(B, name="C")
    D = bp.Sqrt()(C, name="D")
    E = bp.SubtractConstant(1)(D, name="E")
    return bp.Graph(E)
