"""LSTM layers for Relax without unrolling, exact on padded input.

In:  a Relax BlockBuilder, an input sequence x [steps, in] padded to a
     bucket, its true length (int32 tensor [1]), and one PyTorch-layout LSTM
     layer's weights (weight_ih [4H, in], weight_hh [4H, H] given transposed
     as [H, 4H], bias_ih + bias_hh [4H]); gate order i, f, g, o as in PyTorch.
Out: the layer's output [steps, H] (or [steps, 2H] when bidirectional), equal
     to torch.nn.LSTM run on the first `length` steps alone (what
     pack_padded_sequence computes); rows at and after `length` are zero.

The input projections of all steps are one matmul; the recurrence is one
TIR kernel with a serial loop over steps, so the IR does not grow with the
sequence length (the frontend's own LSTM conversion unrolls every step).
A reverse direction starts at the last valid step, so padding never reaches
the state. Two kernels: a CPU one whose inner loop over the 4H gate rows
is vectorised, and a GPU one (one threadgroup, a thread per hidden unit,
the state in threadgroup memory) for Metal.
"""

from .buckets import TILE   # lanes of the CPU kernel's inner loop

# TVM is imported where kernels are made: layer_parameters serves PyTorch alone.


def scan_kernel(steps, hidden, reverse, gpu):
    """The recurrence over precomputed input projections, as a PrimFunc."""
    return (_gpu_scan if gpu else _cpu_scan)(steps, hidden, reverse)


def _cpu_scan(steps, hidden, reverse):
    from tvm.script import tirx as T
    gates = 4 * hidden
    assert gates % TILE == 0

    @T.prim_func(private=True)
    def lstm_scan(xproj: T.Buffer((steps, gates), "float32"), w_hh_t: T.Buffer((hidden, gates), "float32"),
                  length: T.Buffer((1,), "int32"), out: T.Buffer((steps, hidden), "float32")):
        T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True})
        h = T.alloc_buffer((hidden,), "float32")
        c = T.alloc_buffer((hidden,), "float32")
        g = T.alloc_buffer((gates,), "float32")
        for j in range(hidden):
            h[j] = T.float32(0)
            c[j] = T.float32(0)
        for s in range(steps):
            t = (steps - 1 - s) if reverse else s
            if t < length[0]:
                for j in range(gates):
                    g[j] = xproj[t, j]
                for k in range(hidden):
                    for jo in range(gates // TILE):
                        for ji in T.vectorized(TILE):
                            g[jo * TILE + ji] = g[jo * TILE + ji] + w_hh_t[k, jo * TILE + ji] * h[k]
                for j in range(hidden):
                    c[j] = T.sigmoid(g[hidden + j]) * c[j] + T.sigmoid(g[j]) * T.tanh(g[2 * hidden + j])
                    h[j] = T.sigmoid(g[3 * hidden + j]) * T.tanh(c[j])
                    out[t, j] = h[j]
            else:
                for j in range(hidden):
                    out[t, j] = T.float32(0)
    return lstm_scan


def _gpu_scan(steps, hidden, reverse):
    from tvm.script import tirx as T
    gates = 4 * hidden

    @T.prim_func(private=True)
    def lstm_scan(xproj: T.Buffer((steps, gates), "float32"), w_hh_t: T.Buffer((hidden, gates), "float32"),
                  length: T.Buffer((1,), "int32"), out: T.Buffer((steps, hidden), "float32")):
        T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True})
        for bx in T.thread_binding(1, thread="blockIdx.x"):
            for tx in T.thread_binding(hidden, thread="threadIdx.x"):
                h = T.alloc_buffer((hidden,), "float32", scope="shared")
                acc = T.alloc_buffer((4,), "float32", scope="local")
                c = T.alloc_buffer((1,), "float32", scope="local")
                h_new = T.alloc_buffer((1,), "float32", scope="local")
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
                        out[t, tx] = h_new[0]
                        T.tvm_storage_sync("shared")
                        h[tx] = h_new[0]
                        T.tvm_storage_sync("shared")
                    else:
                        out[t, tx] = T.float32(0)
    return lstm_scan


def emit_direction(bb, x, length, weight_ih, weight_hh_t, bias, reverse, gpu, name):
    """One direction: [steps, in] -> [steps, H]."""
    from tvm import relax
    steps = int(x.ty.shape[0])
    hidden = int(weight_hh_t.ty.shape[0])
    xproj = bb.emit(relax.op.add(relax.op.matmul(x, relax.op.permute_dims(weight_ih)), bias))
    kernel = bb.add_func(scan_kernel(steps, hidden, reverse, gpu), name)
    return bb.emit(relax.call_tir(kernel, [xproj, weight_hh_t, length],
                                  relax.TensorType((steps, hidden), "float32")))


def emit_lstm(bb, x, length, forward, backward=None, gpu=False, name="lstm"):
    """A (bi)directional layer; forward/backward are (weight_ih, weight_hh_t, bias) Relax values."""
    from tvm import relax
    out = emit_direction(bb, x, length, *forward, reverse=False, gpu=gpu, name=f"{name}_fwd")
    if backward is None:
        return out
    back = emit_direction(bb, x, length, *backward, reverse=True, gpu=gpu, name=f"{name}_bwd")
    return bb.emit(relax.op.concat([out, back], axis=1))


def layer_parameters(lstm, reverse):
    """NumPy arrays (weight_ih, weight_hh transposed, summed bias) of one direction."""
    suffix = "_reverse" if reverse else ""
    get = lambda n: getattr(lstm, f"{n}_l0{suffix}").detach().float().cpu().numpy()
    return get("weight_ih"), get("weight_hh").T.copy(), get("bias_ih") + get("bias_hh")
