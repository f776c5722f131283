"""A dlight rule scheduling 1-D convolutions for GPUs (CUDA and Metal alike).

In:  a PrimFunc after fusion whose one reduction block is a 1-D convolution
     in NCW layout (spatial batch, output channel, position; reduction input
     channel, tap: no tap loop when the kernel has one tap), also the one a
     transposed convolution is legalised to (a convolution of the dilated
     input), with elementwise producers (the padded or dilated input) and an
     elementwise epilogue fused around it.
Out: a schedule: the producers inlined into the convolution's reads, the
     output tiled per thread block into (channels per thread x threads.y)
     output channels by (positions per thread x threads.x) positions, a
     thread's positions one warp apart (virtual threads, so that a warp's
     loads are contiguous), each thread accumulating its small tile in
     registers over every input channel and tap (taps unrolled), then
     writing it back through the epilogue (inlined into the write-back: no
     buffer between; a function whose epilogue cannot be inlined is left to
     the next rule). Only whole tiles:
     the sizes are the largest that divide the shape (larger tiles with the
     threads past the end idle measured slower on an H200), or the rule gives
     way to the next one.

dlight in this TVM release has no GPU rule for convolutions: its reduction
rules give each output one thread block whose threads split the sum
(GeneralReduction), which leaves most threads idle on the decoder's short
sums of many outputs and reads every input once per output channel.
"""

import math

from tvm import s_tir, tirx
from tvm.s_tir import dlight as dl

# Along positions: (threads, positions per thread, spread over the block as virtual threads so
# that the threads of a warp read neighbouring positions); along output channels: (threads,
# channels per thread, consecutive). The largest that divides the shape is taken.
COLUMN_TILES = ((32, 4), (32, 2), (16, 4), (32, 1), (16, 2), (16, 1), (8, 2), (8, 1))
ROW_TILES = ((8, 4), (8, 2), (4, 4), (4, 2), (8, 1), (2, 2), (4, 1), (2, 1), (1, 2), (1, 1))


def _first_dividing(extent, tiles):
    return next(((threads, values) for threads, values in tiles if extent % (threads * values) == 0), None)


class GPUConv1d(dl.ScheduleRule):
    def apply(self, func, target, tunable):
        if not isinstance(func, tirx.PrimFunc) or "gpu" not in target.keys:
            return None
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
        rows_tile = _first_dividing(math.prod(extents[:-1 - taps]), ROW_TILES)
        columns_tile = _first_dividing(extents[-1 - taps], COLUMN_TILES)
        if rows_tile is None or columns_tile is None:
            return None
        block = info.block_rv
        position = [i.block_rv for i in infos].index(block)
        for producer in reversed([i.block_rv for i in infos[:position]]):
            sch.compute_inline(producer)
        consumers = [i.block_rv for i in infos[position + 1:]]

        *spatial, x, ci = sch.get_loops(block)[:-1] if taps == 2 else sch.get_loops(block)
        k = sch.get_loops(block)[-1] if taps == 2 else None
        rows = sch.fuse(*spatial) if len(spatial) > 1 else spatial[0]
        row_block, row_thread, row = sch.split(rows, [None, *rows_tile])
        column_threads, per_thread = columns_tile
        column_block, column, column_thread = sch.split(x, [None, per_thread, column_threads])
        sch.reorder(row_block, column_block, column, row_thread, column_thread, ci, *([] if k is None else [k]), row)
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
        if k is not None:
            sch.unroll(k)
        sch.unroll(row)
        sch.decompose_reduction(block, ci)
        return sch
