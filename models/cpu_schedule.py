"""A dlight rule scheduling matrix products for the CPU.

In:  a PrimFunc after fusion whose one reduction block is a matmul-like
     product: two or more spatial loops, then one reduction loop last
     (dense layers, attention's batched products), with any elementwise
     epilogue fused after it, whose shapes fill whole 4 x 16 tiles.
Out: a schedule: the spatial loops tiled 4 x 16, the 16 output columns
     vectorised, the 4 rows unrolled, the sum kept in a local accumulator,
     the epilogue computed per tile, the row tiles run in parallel on the
     runtime's thread pool. Other functions are left to the next rule.

dlight in this TVM release has CPU rules for GEMV and reductions but none
for matrix products, which the default pipeline then runs as plain loops.
"""

from tvm import s_tir, tirx
from tvm.s_tir import dlight as dl

ROWS, COLUMNS = 4, 16


class CPUMatmul(dl.ScheduleRule):
    def apply(self, func, target, tunable):
        if not isinstance(func, tirx.PrimFunc) or target.kind.name != "llvm":
            return None
        sch = s_tir.Schedule(func)
        infos = dl.normalize_prim_func(sch)
        reductions = [i for i in infos or [] if i.is_reduction()]
        if len(reductions) != 1:
            return None
        iters = reductions[0].iters
        kinds = "".join(it.kind for it in iters)
        if kinds.count("R") != 1 or not kinds.endswith("R") or kinds.count("S") < 2:
            return None
        extents = [int(it.dom) if isinstance(it.dom, (int, tirx.IntImm)) else None for it in iters]
        rows = 1
        for extent in extents[:-2]:
            rows = rows * extent if extent and rows else None
        if None in extents or not rows or rows % ROWS or extents[-2] % COLUMNS or extents[-1] < COLUMNS:
            return None  # only whole tiles: no predicates in the vectorised loop
        if len(sch.get(reductions[0].block_rv).reads) != 2:
            return None  # a product of two operands, not a convolution's padded window
        block = reductions[0].block_rv
        *spatial, k = sch.get_loops(block)
        fused_rows = sch.fuse(*spatial[:-1]) if len(spatial) > 2 else spatial[0]
        row_tile, row = sch.split(fused_rows, [None, ROWS])
        column_tile, column = sch.split(spatial[-1], [None, COLUMNS])
        sch.reorder(row_tile, column_tile, k, row, column)
        accumulator = sch.cache_write(block, 0, "local")
        sch.reverse_compute_at(accumulator, column_tile)
        for consumer in sch.get_consumers(accumulator):
            sch.reverse_compute_at(consumer, column_tile)
        # vectorize and parallel need the reduction whole: decompose it last
        sch.vectorize(column)
        sch.unroll(row)
        sch.parallel(row_tile)
        sch.decompose_reduction(block, k)
        return sch
