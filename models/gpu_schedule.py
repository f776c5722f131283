"""A dlight rule scheduling 1-D convolutions for GPUs (CUDA and Metal alike).

In:  a PrimFunc after fusion whose one reduction block is a 1-D convolution
     in NCW layout (spatial batch, output channel, position; reduction input
     channel, tap: no tap loop when the kernel has one tap), also the one a
     transposed convolution is legalised to (a convolution of the dilated
     input), with elementwise producers (the padded or dilated input) and an
     elementwise epilogue fused around it.
Out: a schedule: the output tiled per thread block into (channels per thread
     x threads.y) output channels by (positions per thread x threads.x)
     positions (a batch of more than one, as a batched matrix product has,
     one per blockIdx.z), a thread's positions one warp apart (virtual threads, so that
     a warp's loads are contiguous); the sum taken INPUT_CHANNELS_PER_STEP
     input channels at a time, each step's input tile (the block's positions
     and the taps' reach) and weight tile first copied into shared memory by
     all the block's threads, then each thread accumulating its small tile in
     registers (taps unrolled); written back through the epilogue (inlined
     into the write-back: no buffer between). A producer that changes the
     input's shape (padding, a transposed convolution's dilation) is computed
     by a kernel of its own into a buffer, so the tiles copied are whole and
     in bounds; other producers are inlined. A function whose epilogue
     cannot be inlined is left to the next rule. Only whole tiles: the sizes
     are the largest that divide the shape (larger tiles with the threads
     past the end idle measured slower on an H200), or the rule gives way.

dlight in this TVM release has no GPU rule for convolutions: its reduction
rules give each output one thread block whose threads split the sum
(GeneralReduction), which leaves most threads idle on the decoder's short
sums of many outputs and reads every input once per output channel.
Measured on an H200 (decoder_256, benchmarks/gpu_pipeline-2026-12-02.md):
dlight's rules 78.2 ms, register tiles alone 66.3 ms, with the shared tiles
39.8 ms (PyTorch eager 41.9 ms).
"""

import math

import tvm
from tvm import s_tir, tirx
from tvm.s_tir import dlight as dl

# Along positions: (threads, positions per thread, spread over the block as virtual threads so
# that the threads of a warp read neighbouring positions); along output channels: (threads,
# channels per thread, consecutive). The largest that divides the shape is taken.
COLUMN_TILES = ((32, 4), (32, 2), (16, 4), (32, 1), (16, 2), (16, 1), (8, 2), (8, 1))
ROW_TILES = ((8, 4), (8, 2), (4, 4), (4, 2), (8, 1), (2, 2), (4, 1), (2, 1), (1, 2), (1, 1))


def _conditional(block):
    """Whether a block reads through a condition (an inlined padding): the copy of a tile
    to shared memory reads the whole region its indices span, guarded or not."""
    found = []

    def visit(node):
        if isinstance(node, tirx.Select) or (isinstance(node, tvm.ir.expr.Call) and isinstance(node.op, tvm.ir.Op)
                                             and node.op.name.endswith(".if_then_else")):
            found.append(node)
    tirx.stmt_functor.post_order_visit(block.body, visit)
    return bool(found)


def _first_dividing(extent, tiles):
    return next(((threads, values) for threads, values in tiles if extent % (threads * values) == 0), None)


# Input channels staged in shared memory per step of the sum: 4 measured fastest on an H200
# (decoder_256 9.3 ms faster than with 8, 0.2 ms faster than with 2); fewer where the tiles
# of 4 would not fit the profile's shared memory (16.5 KiB at most with 4).
INPUT_CHANNELS_PER_STEP = (4, 2, 1)
_STEP_DOES_NOT_DIVIDE = object()


class GPUConv1d(dl.ScheduleRule):
    """The rule; shared_limit: the bytes of shared memory a block may use (the profile row's),
    or None for no limit. Each step size is tried from the largest; the first whose tiles fit
    is taken."""

    def __init__(self, shared_limit=None):
        super().__init__()
        self.shared_limit = shared_limit

    @staticmethod
    def shared_bytes(func):
        """Shared memory a kernel of this rule uses: its cache buffers are declared at the whole
        operand's shape and compacted by lowering to the tile one block stages."""
        from .gpu_checks import shared_bytes_declared
        mod = tvm.IRModule({"main": func})
        for lower in (s_tir.transform.LowerInitBlock(), s_tir.transform.PlanAndUpdateBufferAllocationLocation(),
                      s_tir.transform.ConvertBlocksToOpaque(), s_tir.transform.CompactBufferAllocation()):
            mod = lower(mod)
        return shared_bytes_declared(mod["main"])

    def apply(self, func, target, tunable):
        if not isinstance(func, tirx.PrimFunc) or "gpu" not in target.keys:
            return None
        for step in INPUT_CHANNELS_PER_STEP:
            sch = self._schedule(func, step)
            if sch is None:   # not a convolution this rule takes: no step would do
                return None
            if sch is _STEP_DOES_NOT_DIVIDE:
                continue
            if self.shared_limit is None or self.shared_bytes(sch.mod["main"]) <= self.shared_limit:
                return sch
        return None

    def _schedule(self, func, step):
        """The schedule with `step` input channels a step; _STEP_DOES_NOT_DIVIDE when the input
        channels are not a multiple of it; None where the rule does not apply."""
        sch = s_tir.Schedule(func)
        infos = dl.normalize_prim_func(sch)
        if not infos:
            return None
        reductions = [i for i in infos if i.is_reduction()]
        if len(reductions) != 1 or any(not (i.is_injective() or i.is_reduction()) for i in infos):
            return None
        info = reductions[0]
        kinds = "".join(it.kind for it in info.iters)
        # a tap loop of one (a pointwise convolution) is normalised away
        if kinds not in ("SSR", "SSSR", "SSRR", "SSSRR") or len(sch.get(info.block_rv).reads) != 2:
            return None
        extents = [int(it.dom) if isinstance(it.dom, (int, tirx.IntImm)) else None for it in info.iters]
        if None in extents:
            return None
        taps = kinds.count("R")
        row_extents = extents[:-1 - taps]   # the spatial iterators but the positions
        # A batch both operands carry (a batched matrix product: BERT's attention) takes blockIdx.z.
        # Fused into the rows, a row tile could straddle two batches, and lowering could not bound
        # the accumulator by one thread's tile: it kept 368 bytes per token per thread in local
        # memory, which the driver reserves for every thread the GPU can hold (47 GiB on an H100
        # for 512 tokens).
        batched = len(row_extents) > 1 and math.prod(row_extents[:-1]) > 1
        rows_tile = _first_dividing(row_extents[-1] if batched else math.prod(row_extents), ROW_TILES)
        columns_tile = _first_dividing(extents[-1 - taps], COLUMN_TILES)
        if rows_tile is None or columns_tile is None:
            return None
        if extents[-taps] % step:
            return _STEP_DOES_NOT_DIVIDE
        block = info.block_rv
        position = [i.block_rv for i in infos].index(block)
        consumers = [i.block_rv for i in infos[position + 1:]]
        try:
            # the input's producer chain ends in one buffer, computed by its own kernel; the
            # weights' producers (a transposed convolution's flip) are inlined
            producers = [i.block_rv for i in infos[:position]]
            input_buffer = sch.get(block).reads[0].buffer
            last = [p for p in producers if any(w.buffer.same_as(input_buffer) for w in sch.get(p).writes)
                    and any(list(r.buffer.shape) != list(input_buffer.shape) for r in sch.get(p).reads)]
            for producer in reversed(producers):
                if last and producer.same_as(last[0]):
                    continue
                sch.compute_inline(producer)
            if last:
                loops = sch.get_loops(last[0])
                fused = sch.fuse(*loops) if len(loops) > 1 else loops[0]
                outer, ty, tx = sch.split(fused, [None, rows_tile[0], columns_tile[0]])
                sch.bind(outer, "blockIdx.x")
                sch.bind(ty, "threadIdx.y")
                sch.bind(tx, "threadIdx.x")
        except Exception:  # noqa: BLE001 - a producer this rule cannot place: not this rule
            return None
        if _conditional(sch.get(block)):   # a tile's copy would read where the condition guards
            return None

        loops = sch.get_loops(block)
        *spatial, x, ci = loops[:-1] if taps == 2 else loops
        k = loops[-1] if taps == 2 else None
        batch = []
        if batched:
            *outer, last = spatial
            batch, spatial = [sch.fuse(*outer) if len(outer) > 1 else outer[0]], [last]
        rows = sch.fuse(*spatial) if len(spatial) > 1 else spatial[0]
        row_block, row_thread, row = sch.split(rows, [None, *rows_tile])
        column_threads, per_thread = columns_tile
        column_block, column, column_thread = sch.split(x, [None, per_thread, column_threads])
        ci_step, ci_inner = sch.split(ci, [None, step])
        sch.reorder(*batch, row_block, column_block, column, row_thread, column_thread, ci_step, ci_inner,
                    *([] if k is None else [k]), row)
        if batch:
            sch.bind(batch[0], "blockIdx.z")
        sch.bind(row_block, "blockIdx.y")
        sch.bind(column_block, "blockIdx.x")
        sch.bind(column, "vthread.x")
        sch.bind(row_thread, "threadIdx.y")
        sch.bind(column_thread, "threadIdx.x")
        accumulator = sch.cache_write(block, 0, "local")
        sch.reverse_compute_at(accumulator, column_thread)
        try:   # the epilogue computed where the accumulator is written back: no buffer between
            for consumer in consumers:
                sch.reverse_compute_inline(consumer)
        except Exception:  # noqa: BLE001 - an epilogue that cannot be inlined: not this rule
            return None
        # each step's input and weight tiles copied to shared memory by all the block's threads,
        # neighbouring threads reading neighbouring elements
        threads = (rows_tile[0], column_threads)
        for index in (0, 1):
            shared = sch.cache_read(block, index, "shared")
            count = len(sch.get_loops(shared))
            sch.compute_at(shared, ci_step, preserve_unit_loops=True)
            copy = sch.get_loops(shared)[-count:]
            fused = sch.fuse(*copy) if len(copy) > 1 else copy[0]
            _, ty, tx = sch.split(fused, [None, threads[0], threads[1]])
            sch.bind(ty, "threadIdx.y")
            sch.bind(tx, "threadIdx.x")
        if k is not None:
            sch.unroll(k)
        sch.unroll(row)
        sch.decompose_reduction(block, ci_step)
        return sch
