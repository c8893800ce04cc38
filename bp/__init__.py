"""bp: the computation graph that chapter 1.3 (反向传播) runs on.

Build a graph from operators, evaluate it forward, differentiate it backward, and divide
an output error back to the input, exactly as the chapter does by hand::

    import bp
    X = bp.Input("X")
    A = bp.AddConstant(1)(X, name="A")
    B = bp.Square()(A, name="B")
    C = bp.Ln()(B, name="C")
    D = bp.Sqrt()(C, name="D")
    E = bp.SubtractConstant(1)(D, name="E")
    graph = bp.Graph(E)
    values = graph.forward(X=2.0)                      # values["C"] == ln 9
    grads = graph.backward(values)                     # grads["X"] == dE/dX
    deltas = bp.propagate_error(graph, values, 0.5)    # deltas["X"] == ΔX
"""

# bp.drawing imports matplotlib only when draw() is called, so importing it here is free.
from bp.descent import Descent, DescentStep, descend, descent_steps, minimize
from bp.drawing import Drawing, Label, draw
from bp.errors import ArgumentError, ConvergenceError, DomainError, GraphError, ShapeError
from bp.graph import Gradients, Graph, Values
from bp.node import Input, Node, topological_order
from bp.operators import (
    Add,
    AddConstant,
    Exp,
    Ln,
    Multiply,
    Operator,
    Power,
    Sqrt,
    Square,
    SubtractConstant,
    Sum,
)
from bp.solver import Solution, Step, propagate_error, solve

__version__ = "0.1.0"


__all__ = [
    "Add",
    "AddConstant",
    "ArgumentError",
    "ConvergenceError",
    "Descent",
    "DescentStep",
    "DomainError",
    "Drawing",
    "Exp",
    "Gradients",
    "Graph",
    "GraphError",
    "Input",
    "Label",
    "Ln",
    "Multiply",
    "Node",
    "Operator",
    "Power",
    "ShapeError",
    "Solution",
    "Sqrt",
    "Square",
    "Step",
    "SubtractConstant",
    "Sum",
    "Values",
    "descend",
    "descent_steps",
    "draw",
    "minimize",
    "propagate_error",
    "solve",
    "topological_order",
]
