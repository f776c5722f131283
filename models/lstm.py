"""LSTM layers for Relax without unrolling, exact on padded input.

In:  a Relax BlockBuilder, an input sequence x [steps, in] padded to a
     bucket, its true length (int32 tensor [1]), and a bidirectional
     PyTorch-layout LSTM layer's weights, per direction (weight_ih [4H, in],
     weight_hh [4H, H] given transposed as [H, 4H], bias_ih + bias_hh [4H]);
     gate order i, f, g, o as in PyTorch.
Out: the layer's output [steps, 2H], equal
     to torch.nn.LSTM run on the first `length` steps alone (what
     pack_padded_sequence computes); rows at and after `length` are zero.

The input projections of all steps are one matmul per direction; the
recurrences of both directions are one TIR kernel with a serial loop over
steps, so the IR does not grow with the sequence length (the frontend's own
LSTM conversion unrolls every step), and the two directions run at once.
The reverse direction starts at the last valid step, so padding never
reaches the state. Two kernels: a CPU one (a direction per core, its inner
loop over the 4H gate rows vectorised), and a GPU one for CUDA and Metal (a
threadgroup per direction, a thread per hidden unit, the state in
threadgroup memory). One direction's step is bound by reading W_hh (4H x H)
from the cache, so two at once take the time of one (an H200: 3.3 ms for
each direction of f0n_256, one after the other).
"""

from .buckets import TILE   # lanes of the CPU kernel's inner loop

# TVM is imported where kernels are made: layer_parameters serves PyTorch alone.


def scan_kernel(steps, hidden, gpu):
    """The recurrence of both directions over their precomputed input projections, as one
    PrimFunc: (x_fwd, w_hh_t_fwd, x_bwd, w_hh_t_bwd, length) -> out [steps, 2H], the forward
    direction's H columns then the backward's."""
    return (_gpu_scan if gpu else _cpu_scan)(steps, hidden)


def _cpu_scan(steps, hidden):
    from tvm.script import tirx as T
    gates = 4 * hidden
    assert gates % TILE == 0

    @T.macro
    def direction(xproj, w_hh_t, length, out, h, c, g, d, reverse):
        for j in range(hidden):
            h[d, j] = T.float32(0)
            c[d, j] = T.float32(0)
        for s in range(steps):
            t = (steps - 1 - s) if reverse else s
            if t < length[0]:
                for j in range(gates):
                    g[d, j] = xproj[t, j]
                for k in range(hidden):
                    for jo in range(gates // TILE):
                        for ji in T.vectorized(TILE):
                            g[d, jo * TILE + ji] = g[d, jo * TILE + ji] + w_hh_t[k, jo * TILE + ji] * h[d, k]
                for j in range(hidden):
                    c[d, j] = T.sigmoid(g[d, hidden + j]) * c[d, j] + T.sigmoid(g[d, j]) * T.tanh(g[d, 2 * hidden + j])
                    h[d, j] = T.sigmoid(g[d, 3 * hidden + j]) * T.tanh(c[d, j])
                    out[t, d * hidden + j] = h[d, j]
            else:
                for j in range(hidden):
                    out[t, d * hidden + j] = T.float32(0)

    @T.prim_func(private=True)
    def lstm_scan(x_fwd: T.Buffer((steps, gates), "float32"), w_fwd: T.Buffer((hidden, gates), "float32"),
                  x_bwd: T.Buffer((steps, gates), "float32"), w_bwd: T.Buffer((hidden, gates), "float32"),
                  length: T.Buffer((1,), "int32"), out: T.Buffer((steps, 2 * hidden), "float32")):
        T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True})
        h = T.alloc_buffer((2, hidden), "float32")
        c = T.alloc_buffer((2, hidden), "float32")
        g = T.alloc_buffer((2, gates), "float32")
        for d in T.parallel(2):   # the directions on two cores
            if d == 0:
                direction(x_fwd, w_fwd, length, out, h, c, g, 0, False)
            else:
                direction(x_bwd, w_bwd, length, out, h, c, g, 1, True)
    return lstm_scan


def _gpu_scan(steps, hidden):
    from tvm.script import tirx as T
    gates = 4 * hidden

    @T.macro
    def direction(xproj, w_hh_t, length, out, h, acc, c, h_new, tx, offset, reverse):
        h[tx] = T.float32(0)
        c[0] = T.float32(0)
        T.tvm_storage_sync("shared")
        for s in range(steps):
            t = (steps - 1 - s) if reverse else s
            if t < length[0]:  # the same for every thread: barriers stay uniform
                for q in range(4):
                    acc[q] = xproj[t, q * hidden + tx]
                for k in range(hidden):
                    for q in range(4):
                        acc[q] = acc[q] + w_hh_t[k, q * hidden + tx] * h[k]
                c[0] = T.sigmoid(acc[1]) * c[0] + T.sigmoid(acc[0]) * T.tanh(acc[2])
                h_new[0] = T.sigmoid(acc[3]) * T.tanh(c[0])
                out[t, offset + tx] = h_new[0]
                T.tvm_storage_sync("shared")
                h[tx] = h_new[0]
                T.tvm_storage_sync("shared")
            else:
                out[t, offset + tx] = T.float32(0)

    @T.prim_func(private=True)
    def lstm_scan(x_fwd: T.Buffer((steps, gates), "float32"), w_fwd: T.Buffer((hidden, gates), "float32"),
                  x_bwd: T.Buffer((steps, gates), "float32"), w_bwd: T.Buffer((hidden, gates), "float32"),
                  length: T.Buffer((1,), "int32"), out: T.Buffer((steps, 2 * hidden), "float32")):
        T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True})
        for bx in T.thread_binding(2, thread="blockIdx.x"):   # a threadgroup per direction, side by side
            for tx in T.thread_binding(hidden, thread="threadIdx.x"):
                h = T.alloc_buffer((hidden,), "float32", scope="shared")
                acc = T.alloc_buffer((4,), "float32", scope="local")
                c = T.alloc_buffer((1,), "float32", scope="local")
                h_new = T.alloc_buffer((1,), "float32", scope="local")
                if bx == 0:
                    direction(x_fwd, w_fwd, length, out, h, acc, c, h_new, tx, 0, False)
                else:
                    direction(x_bwd, w_bwd, length, out, h, acc, c, h_new, tx, hidden, True)
    return lstm_scan


def emit_lstm(bb, x, length, forward, backward, gpu=False, name="lstm"):
    """A bidirectional layer: [steps, in] -> [steps, 2H]; forward/backward are (weight_ih,
    weight_hh_t, bias) Relax values. The input projections are two matmuls, the recurrences
    of both directions one kernel (they run at once)."""
    from tvm import relax
    steps = int(x.ty.shape[0])
    hidden = int(forward[1].ty.shape[0])
    projections = [bb.emit(relax.op.add(relax.op.matmul(x, relax.op.permute_dims(weight_ih)), bias))
                   for weight_ih, _, bias in (forward, backward)]
    kernel = bb.add_func(scan_kernel(steps, hidden, gpu), name)
    return bb.emit(relax.call_tir(kernel, [projections[0], forward[1], projections[1], backward[1], length],
                                  relax.TensorType((steps, 2 * hidden), "float32")))


def layer_parameters(lstm, reverse):
    """NumPy arrays (weight_ih, weight_hh transposed, summed bias) of one direction."""
    suffix = "_reverse" if reverse else ""
    get = lambda n: getattr(lstm, f"{n}_l0{suffix}").detach().float().cpu().numpy()
    return get("weight_ih"), get("weight_hh").T.copy(), get("bias_ih") + get("bias_hh")
