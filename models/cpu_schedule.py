"""dlight rules scheduling matrix products and 1-D convolutions for the CPU.

In:  a PrimFunc after fusion whose one reduction block is
     - CPUMatmul: a matmul-like product: two or more spatial loops, then one
       reduction loop last (dense layers, attention's batched products);
     - CPUConv1d: a 1-D convolution in NCW layout (spatial batch, output
       channel, position; reduction input channel, tap), also the one a
       transposed convolution is legalised to (a convolution of the
       dilated input);
     with any elementwise epilogue fused after it, whose shapes fill whole
     4 x 16 tiles (4 rows or output channels, 16 columns or positions).
Out: a schedule: the output tiled 4 x 16, the 16 columns vectorised, the 4
     rows unrolled, the sum kept in a local accumulator, the epilogue
     computed per tile, the row tiles run in parallel on the runtime's
     thread pool. A convolution's padded or dilated input stays a separate
     buffer filled first. Other functions are left to the next rule.

dlight in this TVM release has CPU rules for GEMV and reductions but none
for matrix products or convolutions, which the default pipeline then runs
as plain loops.
"""

import math

from tvm import s_tir, tirx
from tvm.s_tir import dlight as dl

ROWS, COLUMNS = 4, 16


def _one_reduction(func, target):
    """(schedule, the reduction block's info, its constant extents), or None."""
    if not isinstance(func, tirx.PrimFunc) or target.kind.name != "llvm":
        return None
    sch = s_tir.Schedule(func)
    infos = dl.normalize_prim_func(sch)
    reductions = [i for i in infos or [] if i.is_reduction()]
    if len(reductions) != 1 or len(sch.get(reductions[0].block_rv).reads) != 2:
        return None  # a product of two operands
    extents = [int(it.dom) if isinstance(it.dom, (int, tirx.IntImm)) else None for it in reductions[0].iters]
    if None in extents:
        return None
    return sch, reductions[0], extents


def _tile_into_accumulator(sch, block, rows, columns, reduction_loops):
    """Loops rows (fused, parallel) x columns, accumulating over reduction_loops in a local
    ROWS x COLUMNS tile: reduction outside, rows unrolled, columns vectorised."""
    row_tile, row = sch.split(rows, [None, ROWS])
    column_tile, column = sch.split(columns, [None, COLUMNS])
    sch.reorder(row_tile, column_tile, *reduction_loops, row, column)
    accumulator = sch.cache_write(block, 0, "local")
    sch.reverse_compute_at(accumulator, column_tile)
    for consumer in sch.get_consumers(accumulator):
        sch.reverse_compute_at(consumer, column_tile)
    # vectorize and parallel need the reduction whole: decompose it last
    sch.vectorize(column)
    sch.unroll(row)
    sch.parallel(row_tile)
    sch.decompose_reduction(block, reduction_loops[0])
    return sch


class CPUConv1d(dl.ScheduleRule):
    def apply(self, func, target, tunable):
        found = _one_reduction(func, target)
        if found is None:
            return None
        sch, info, extents = found
        kinds = "".join(it.kind for it in info.iters)
        if kinds not in ("SSRR", "SSSRR"):  # a batch of 1 is normalised away
            return None
        rows, positions = math.prod(extents[:-3]), extents[-3]
        if rows % ROWS or positions % COLUMNS:
            return None
        block = info.block_rv
        *spatial, x, ci, k = sch.get_loops(block)
        rows_loop = sch.fuse(*spatial) if len(spatial) > 1 else spatial[0]
        return _tile_into_accumulator(sch, block, rows_loop, x, [ci, k])


class CPUMatmul(dl.ScheduleRule):
    def apply(self, func, target, tunable):
        found = _one_reduction(func, target)
        if found is None:
            return None
        sch, info, extents = found
        kinds = "".join(it.kind for it in info.iters)
        if kinds.count("R") != 1 or not kinds.endswith("R") or kinds.count("S") < 2:
            return None
        rows = math.prod(extents[:-2])
        if rows % ROWS or extents[-2] % COLUMNS or extents[-1] < COLUMNS:
            return None  # only whole tiles: no predicates in the vectorised loop
        block = info.block_rv
        *spatial, k = sch.get_loops(block)
        fused_rows = sch.fuse(*spatial[:-1]) if len(spatial) > 2 else spatial[0]
        return _tile_into_accumulator(sch, block, fused_rows, spatial[-1], [k])
