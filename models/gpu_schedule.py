"""dlight rules for GPUs (CUDA and Metal alike): 1-D convolutions, and sums along long rows.

GPUConv1d:

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
     Where the GPU is to be kept busy with at least `min_blocks` thread
     blocks (the profile's gpu_limits "blocks"), the tiles are the largest
     that launch that many: BERT's matrix products over 64 tokens launched
     12 blocks of the largest tiles, on a GPU of 132 multiprocessors.

GPULongRows:
In:  a PrimFunc whose one reduction block sums along rows at least LONG_ROWS times longer
     than the rows are many (AdaIN's statistics in the decoder: 128 to 512 channels, each
     over thousands to tens of thousands of positions), with elementwise producers.
Out: dlight's Reduction (else GeneralReduction) schedule of it: a thread block per row, its
     threads splitting the row. Without this rule dlight's GEMV takes these sums (the mask
     as its vector) and gives a block to 16 rows: 8 blocks for 128 channels, on a GPU of 132
     multiprocessors (an H200: 24% of decoder_512's time in them, 0.43 ms a sum).

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


def _tiles(rows, columns, batch, min_blocks):
    """(rows tile, columns tile): the first of the tables' that divide the shape; with
    min_blocks, the pair of largest area among those that launch at least min_blocks blocks (of
    those, the one of most threads, then of most threads along positions, whose loads a warp
    coalesces), else the pair that launches the most."""
    first = (_first_dividing(rows, ROW_TILES), _first_dividing(columns, COLUMN_TILES))
    if min_blocks is None or None in first:
        return first
    pairs = [(r, c) for r in ROW_TILES if rows % (r[0] * r[1]) == 0 for c in COLUMN_TILES if columns % (c[0] * c[1]) == 0]
    blocks = lambda pair: batch * rows // math.prod(pair[0]) * columns // math.prod(pair[1])   # noqa: E731
    busy = [pair for pair in pairs if blocks(pair) >= min_blocks]
    if not busy:
        return max(pairs, key=blocks)
    return max(busy, key=lambda pair: (math.prod(pair[0]) * math.prod(pair[1]), pair[0][0] * pair[1][0], pair[1][0]))


# Input channels staged in shared memory per step of the sum: 4 measured fastest on an H200
# (decoder_256 9.3 ms faster than with 8, 0.2 ms faster than with 2); fewer where the tiles
# of 4 would not fit the profile's shared memory (16.5 KiB at most with 4).
INPUT_CHANNELS_PER_STEP = (4, 2, 1)
_STEP_DOES_NOT_DIVIDE = object()


class GPUConv1d(dl.ScheduleRule):
    """The rule; shared_limit: the bytes of shared memory a block may use (the profile row's),
    or None for no limit; min_blocks: the blocks a kernel should launch at least, or None. Each
    step size is tried from the largest; the first whose tiles fit is taken."""

    def __init__(self, shared_limit=None, min_blocks=None):
        super().__init__()
        self.shared_limit = shared_limit
        self.min_blocks = min_blocks

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
        rows_tile, columns_tile = _tiles(row_extents[-1] if batched else math.prod(row_extents), extents[-1 - taps],
                                         math.prod(row_extents[:-1]) if batched else 1, self.min_blocks)
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


# A row this many times longer than the rows are many takes a block of its own (GPULongRows).
LONG_ROWS = 16


class GPULongRows(dl.ScheduleRule):
    """The long-row sums' rule (the module's docstring); the rules it hands them to are tried
    in order, the first schedule taken."""

    def __init__(self):
        super().__init__()
        self.rules = (dl.gpu.Reduction(), dl.gpu.GeneralReduction())

    def apply(self, func, target, tunable):
        if not isinstance(func, tirx.PrimFunc) or "gpu" not in target.keys:
            return None
        infos = dl.normalize_prim_func(s_tir.Schedule(func))
        reductions = [i for i in infos or () if i.is_reduction()]
        if len(reductions) != 1:
            return None
        extents = {kind: [int(it.dom) if isinstance(it.dom, (int, tirx.IntImm)) else None
                          for it in reductions[0].iters if it.kind == kind] for kind in "SR"}
        if None in extents["S"] + extents["R"] or math.prod(extents["R"]) < LONG_ROWS * math.prod(extents["S"]):
            return None
        for rule in self.rules:
            schedule = rule.apply(func, target, tunable)
            if schedule is not None:
                return schedule
        return None
