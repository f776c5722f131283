"""dlight rules scheduling matrix products and 1-D convolutions for the CPU.

In:  a PrimFunc after fusion whose one reduction block is
     - CPUMatmul: a matmul-like product: two or more spatial loops, then one
       reduction loop last (dense layers, attention's batched products);
     - CPUConv1d: a 1-D convolution in NCW layout (spatial batch, output
       channel, position; reduction input channel, tap), also the one a
       transposed convolution is legalised to (a convolution of the
       dilated input);
     with any elementwise epilogue fused after it, whose shapes fill whole
     4 x 16 tiles (4 rows or output channels, 16 columns or positions; a
     product on x86-64-v4 uses 8 rows where its rows allow; a convolution
     uses 8 rows where its output channels allow, down to 1, and 16 or 8
     columns);
     - CPUElementwise: only spatial blocks (elementwise, broadcasts,
       slices): all inlined into the last, whose loops are fused, split
       into 16-wide vectors and run in parallel;
     - CPURowReduction: one reduction over the last axes (sums of instance
       norms, softmax's max and sum, weight norms' over input channels and
       taps), with elementwise producers and consumers: producers inlined,
       the reduced axes fused, the rows run in parallel, each row's sum in 16
       partial sums (one vector) where its length divides.
Out: a schedule: the output tiled as the CPU level's MATMUL_TILES or
     CONV_TILES say (4 x 16 where they say nothing), the columns vectorised,
     the rows unrolled, the sum kept in a local accumulator, the row tiles run
     in parallel on the runtime's thread pool. The epilogue's elementwise steps (and those feeding it from beside,
     such as a residual's padding and scale) are inlined into one, written
     straight from the accumulator per tile where it can be, else computed per
     tile: no whole-size buffer per step, which the runtime would hold as
     workspace while the kernel runs (8 of them, 500 MB, in a 1024-frame
     decoder's resblock sum). A convolution's positions are taken
     in blocks of up to 4 column tiles, each block (parallel) sweeping every
     output channel while its input columns stay in cache. A convolution's
     padded or dilated input stays a separate buffer, filled first in
     parallel. Other functions are left to the next rule.

dlight in this TVM release has CPU rules for GEMV and reductions but none
for matrix products or convolutions, which the default pipeline then runs
as plain loops.
"""

import math

from tvm import s_tir, tirx
from tvm.s_tir import dlight as dl

from .buckets import TILE

ROWS, COLUMNS = 4, TILE
# A convolution's accumulator tile (output channels x positions) per LLVM CPU level: as many
# accumulators as leave registers for the input and the weights. x86-64-v3 (16 AVX2 registers
# of 8 floats): 4 x 16, 8 registers; x86-64-v4 (32 AVX-512 registers of 16): 8 x 32, 16.
# Measured on 2 cores of an AMD EPYC (Zen 5) by benchmarks/conv_tiles.py: 128 channels, kernel
# 11, dilation 5, 61440 positions: v3 4 x 16 in blocks 106 ms (8 x 16 unblocked: 152 ms;
# PyTorch 2.13 with oneDNN's AVX-512: 68 ms); v4 8 x 32 in blocks 50 ms (16 x 16: 54 ms).
CONV_TILES = {"x86-64-v4": (8, 2 * TILE)}
DEFAULT_CONV_TILE = (4, TILE)       # other levels: also 16 of NEON's 32 registers
COLUMN_BLOCK = 4                    # column tiles per block (fewer where the positions do not divide)
# A matrix product's accumulator tile (rows x columns) per CPU level: x86-64-v4's 16-float
# registers make a 4 x 16 tile 4 accumulators, whose fused multiply-adds wait on each other's
# latency; 8 x 16 keeps 8 in flight. BERT's dense layers on 2 cores of an AMD EPYC (Zen 5),
# benchmarks/conv_tiles.py --products: 768 x 768 over 32 tokens 455 -> 185 us, 768 x 2048 over
# 128 tokens 4.36 -> 1.95 ms, 2048 x 768 over 128 tokens 2.65 -> 1.99 ms (8 x 32 and 16 x 16 no
# better). x86-64-v3's 8-float registers: 4 x 16 is already 8 accumulators.
MATMUL_TILES = {"x86-64-v4": (2 * ROWS, COLUMNS)}
DEFAULT_MATMUL_TILE = (ROWS, COLUMNS)


def conv_tile(target):
    """(rows, columns) of a convolution's accumulator tile for the target's CPU level."""
    return CONV_TILES.get(str(target.attrs.get("mcpu", "")), DEFAULT_CONV_TILE)


def matmul_tile(target):
    """(rows, columns) of a matrix product's accumulator tile for the target's CPU level."""
    return MATMUL_TILES.get(str(target.attrs.get("mcpu", "")), DEFAULT_MATMUL_TILE)


def _halvings(size):
    """size, size / 2, ... 1."""
    return tuple(size >> i for i in range(size.bit_length()))


def _one_reduction(func, target):
    """(schedule, the reduction block's info, its constant extents, its iteration kinds
    such as "SSRR"), or None."""
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
    return sch, reductions[0], extents, "".join(it.kind for it in reductions[0].iters)


def _tile(extent, sizes):
    """The largest of sizes that divides extent, or None."""
    return next((size for size in sizes if extent % size == 0), None)


def _tile_into_accumulator(sch, block, rows, columns, reduction_loops, tile):
    """Loops rows (fused, parallel) x columns, accumulating over reduction_loops in a local
    tile (rows x columns): reduction outside, rows unrolled, columns vectorised."""
    row_tile, row = sch.split(rows, [None, tile[0]])
    column_tile, column = sch.split(columns, [None, tile[1]])
    sch.reorder(row_tile, column_tile, *reduction_loops, row, column)
    return _accumulate(sch, block, column_tile, row, column, row_tile, reduction_loops[0])


def _inline_epilogue(sch, block):
    """Each elementwise block after the sum, and each one feeding the epilogue from beside it
    (a residual's padding, its scale), inlined into its consumers where it can be, so the
    epilogue (bias, scale, residual adds, activation) reads the sum and writes the output
    once, with no whole-size buffer per step in between (each such buffer is memory the
    runtime holds while the function runs, written and read again). The sum's own inputs
    (a padded or dilated input) stay as they are."""
    name = lambda b: sch.get(b).name_hint   # noqa: E731
    prologue, pending = set(), [block]
    while pending:
        for producer in sch.get_producers(pending.pop()):
            if name(producer) not in prologue:
                prologue.add(name(producer))
                pending.append(producer)
    root = sch.get_sblock("root")
    for candidate in sch.get_child_blocks(root):
        if name(candidate) in prologue or name(candidate) == name(block) or not sch.get_consumers(candidate):
            continue
        try:
            sch.compute_inline(candidate)
        except Exception:  # noqa: BLE001 - e.g. read at other positions (a pad): kept
            pass


def _accumulate(sch, block, tile_loop, row, column, parallel, reduction):
    """The sum of one tile (the loops under tile_loop) kept in a local accumulator, the
    epilogue computed per tile; columns vectorised, rows unrolled, `parallel` in parallel."""
    _inline_epilogue(sch, block)
    accumulator = sch.cache_write(block, 0, "local")
    sch.reverse_compute_at(accumulator, tile_loop)
    pending = list(sch.get_consumers(accumulator))
    while pending:   # the epilogue written straight from the accumulator where it can be
        consumer = pending.pop(0)
        try:
            sch.reverse_compute_inline(consumer)
            pending = list(sch.get_consumers(accumulator))
        except Exception:  # noqa: BLE001 - e.g. a pad, larger than the tile: computed per tile
            sch.reverse_compute_at(consumer, tile_loop)
    *_, written = sch.get_loops(accumulator)
    if sch.get(written).extent == sch.get(column).extent:
        sch.vectorize(written)
    # vectorize and parallel need the reduction whole: decompose it last
    sch.vectorize(column)
    sch.unroll(row)
    sch.parallel(parallel)
    sch.decompose_reduction(block, reduction)
    return sch


class CPUConv1d(dl.ScheduleRule):
    def apply(self, func, target, tunable):
        found = _one_reduction(func, target)
        if found is None:
            return None
        sch, info, extents, kinds = found
        if kinds not in ("SSRR", "SSSRR"):  # a batch of 1 is normalised away
            return None
        rows, columns = conv_tile(target)
        tile = (_tile(math.prod(extents[:-3]), _halvings(rows)), _tile(extents[-3], (columns, columns // 2)))
        if None in tile:
            return None
        column_block = _tile(extents[-3] // tile[1], _halvings(COLUMN_BLOCK))
        block = info.block_rv
        *spatial, x, ci, k = sch.get_loops(block)
        rows_loop = sch.fuse(*spatial) if len(spatial) > 1 else spatial[0]
        row_tile, row = sch.split(rows_loop, [None, tile[0]])
        blocks, column_tile, column = sch.split(x, [None, column_block, tile[1]])
        sch.reorder(blocks, row_tile, column_tile, ci, k, row, column)
        for producer in sch.get_producers(block):   # the padded or dilated input, filled in parallel
            loops = sch.get_loops(producer)
            if loops:
                sch.parallel(loops[0])
        return _accumulate(sch, block, column_tile, row, column, blocks, ci)


class CPUMatmul(dl.ScheduleRule):
    def apply(self, func, target, tunable):
        found = _one_reduction(func, target)
        if found is None:
            return None
        sch, info, extents, kinds = found
        if kinds.count("R") != 1 or not kinds.endswith("R") or kinds.count("S") < 2:
            return None
        rows, columns = matmul_tile(target)
        rows = _tile(math.prod(extents[:-2]), tuple(r for r in _halvings(rows) if r >= ROWS))
        if rows is None or extents[-2] % columns or extents[-1] < columns:
            return None  # only whole tiles: no predicates in the vectorised loop
        block = info.block_rv
        *spatial, k = sch.get_loops(block)
        fused_rows = sch.fuse(*spatial[:-1]) if len(spatial) > 2 else spatial[0]
        return _tile_into_accumulator(sch, block, fused_rows, spatial[-1], [k], (rows, columns))


class CPUElementwise(dl.ScheduleRule):
    def apply(self, func, target, tunable):
        if not isinstance(func, tirx.PrimFunc) or target.kind.name != "llvm":
            return None
        sch = s_tir.Schedule(func)
        infos = dl.normalize_prim_func(sch)
        if not infos or any(not info.is_injective() for info in infos):
            return None
        *producers, last = [info.block_rv for info in infos]
        for block in reversed(producers):
            try:
                sch.compute_inline(block)
            except Exception:  # noqa: BLE001 - a block that cannot be inlined: not this rule
                return None
        loops = sch.get_loops(last)
        if not loops:
            return None
        fused = sch.fuse(*loops) if len(loops) > 1 else loops[0]
        extent = sch.get(fused).extent
        if not isinstance(extent, tirx.IntImm):
            return None
        if int(extent) % COLUMNS == 0 and int(extent) >= 4 * COLUMNS:
            outer, inner = sch.split(fused, [None, COLUMNS])
            sch.vectorize(inner)
            sch.parallel(outer)
        else:
            sch.parallel(fused)
        return sch


class CPURowReduction(dl.ScheduleRule):
    def apply(self, func, target, tunable):
        if not isinstance(func, tirx.PrimFunc) or target.kind.name != "llvm":
            return None
        return self.schedule(func, vectorised=True) or self.schedule(func, vectorised=False)

    @staticmethod
    def schedule(func, vectorised):
        """The schedule of one row reduction, or None; vectorised: the sum in COLUMNS partial sums
        (one vector), added at the end of the row, where the row's length divides: a sum of one
        scalar waits for the add before it (4 cycles), a vector adds COLUMNS at a time (10x on
        an instance norm's sums over 128 x 61440 here)."""
        sch = s_tir.Schedule(func)
        infos = dl.normalize_prim_func(sch)
        reductions = [i for i in infos or [] if i.is_reduction()]
        if len(reductions) != 1 or any(not (i.is_injective() or i.is_reduction()) for i in infos):
            return None
        kinds = "".join(it.kind for it in reductions[0].iters)
        count = len(kinds) - len(kinds.rstrip("R"))
        if not count or "R" in kinds[:-count] or "S" not in kinds:
            return None
        block = reductions[0].block_rv
        position = [i.block_rv for i in infos].index(block)
        try:
            for producer in reversed([i.block_rv for i in infos[:position]]):
                sch.compute_inline(producer)
            loops = sch.get_loops(block)
            spatial, reduced = loops[:-count], loops[-count:]
            reduction = sch.fuse(*reduced) if count > 1 else reduced[0]
            rows = sch.fuse(*spatial) if len(spatial) > 1 else spatial[0]
            for consumer in [i.block_rv for i in infos[position + 1:]]:
                sch.reverse_compute_at(consumer, rows)
            sch.parallel(rows)
            if vectorised:
                extent = sch.get(reduction).extent
                if not (isinstance(extent, tirx.IntImm) and int(extent) % COLUMNS == 0 and int(extent) >= 4 * COLUMNS):
                    return None
                _, lanes = sch.split(reduction, [None, COLUMNS])
                partial = sch.rfactor(lanes, factor_axis=len(sch.get(block).writes[0].buffer.shape))
                sch.compute_at(partial, rows)
                sch.set_scope(partial, 0, "local")
                *_, lane, outer = sch.get_loops(partial)
                sch.reorder(outer, lane)
                sch.vectorize(lane)       # before the reduction is decomposed, which vectorize needs whole
                sch.decompose_reduction(partial, outer)
        except Exception:  # noqa: BLE001 - a shape this rule does not handle: not this rule
            return None
        return sch
