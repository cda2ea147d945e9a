import CPrefetch
import VectorMath

/// A vector as `HNSWGraph.distance` takes it: an f32 row, or an int8 row (codes, block scales, blocks in use and
/// the squared norm of what it stands for). A stored slot's probe points into the graph's buffers; a query's into
/// its scratch.
struct Probe {
    let floats: UnsafePointer<Float>
    let codes: UnsafePointer<Int8>
    let scales: UnsafePointer<Float>
    let blocks: Int
    let norm: Float
}

extension HNSWGraph {
    /// The probe of a stored slot (no copy).
    @inline(__always) func probe(_ slot: UInt32) -> Probe {
        if int8 {
            let s = Int(slot)
            return Probe(floats: UnsafePointer(vectors), codes: codes + s &* codeStride, scales: scales + s &* blocks,
                         blocks: Int(usedBlocks[s]), norm: norms[s])
        }
        return Probe(floats: vector(slot), codes: codes, scales: scales, blocks: 0, norm: 0)
    }

    /// The probe of a query (already normalised if the metric wants it): the floats themselves, or for int8 their
    /// quantization into `scratch`'s query row.
    func prepare(_ query: UnsafePointer<Float>, scratch: SearchScratch) -> Probe {
        guard int8 else { return Probe(floats: query, codes: codes, scales: scales, blocks: 0, norm: 0) }
        scratch.reserveQueryRow(blocks: blocks)
        let used = Int8Blocks.quantize(query, count: dimension, codes: scratch.queryCodes, scales: scratch.queryScales)
        let norm = metric == .l2 ? Int8Blocks.dotReference(scratch.queryCodes, scratch.queryScales, scratch.queryCodes,
                                                           scratch.queryScales, blocks: used) : 0
        return Probe(floats: query, codes: scratch.queryCodes, scales: scratch.queryScales, blocks: used, norm: norm)
    }

    /// Writes `source` into `slot`'s row (normalising it first if the metric wants it).
    func store(_ source: UnsafePointer<Float>, into slot: UInt32) {
        if !int8 {
            let q = vector(slot)
            q.update(from: source, count: dimension)
            if metric.normalizesInput { Kernels.normalize(q, count: dimension) }
            return
        }
        let s = Int(slot)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: dimension) { tmp in
            let t = tmp.baseAddress!
            t.update(from: source, count: dimension)
            if metric.normalizesInput { Kernels.normalize(t, count: dimension) }
            let c = codes + s * codeStride, sc = scales + s * blocks
            let used = Int8Blocks.quantize(t, count: dimension, codes: c, scales: sc)
            usedBlocks[s] = UInt8(used)
            norms[s] = Int8Blocks.dotReference(c, sc, c, sc, blocks: used)
        }
    }

    /// The distance the final candidates are ranked by: f32 as the walk; for int8 the float query against the
    /// stored row (only the stored side quantized), which orders the candidates as the exact distances would far
    /// more closely than int8 x int8.
    @inline(__always) func exactDistance(_ p: Probe, _ slot: UInt32) -> Float {
        guard int8 else { return distance(p.floats, slot) }
        let s = Int(slot)
        let dot = Int8Blocks.dot(p.floats, count: dimension, codes + s &* codeStride, scales + s &* blocks,
                                 blocks: Int(usedBlocks[s]))
        guard metric == .l2 else { return 1 - dot }
        return Kernels.dot(p.floats, p.floats, count: dimension) + norms[s] - 2 * dot
    }

    /// Pops the best `k` of `results` as hits, best first; for int8, after re-ranking every candidate the walk
    /// kept (up to `ef`) by `exactDistance`.
    func finish(_ results: NeighborHeap, query p: Probe, k: Int) -> [IndexHit] {
        guard int8 else { return drainResults(results, k: k) }
        var all: [IndexHit] = []
        all.reserveCapacity(results.count)
        while results.count > 0 {
            let r = results.pop()
            all.append(IndexHit(key: keys[Int(r.slot)], slot: r.slot, distance: exactDistance(p, r.slot)))
        }
        all.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.slot < $1.slot) }
        return Array(all.prefix(k))
    }

    /// The floats `slot` stores (for int8, what its codes stand for).
    func floats(of slot: UInt32) -> [Float] {
        guard int8 else { return Array(UnsafeBufferPointer(start: vector(slot), count: dimension)) }
        let s = Int(slot)
        return [Float](unsafeUninitializedCapacity: dimension) { buffer, n in
            Int8Blocks.dequantize(codes + s * codeStride, scales + s * blocks, count: dimension, into: buffer.baseAddress!)
            n = dimension
        }
    }

    /// Asks the cache for the per-slot words an int8 distance reads besides the row: the blocks in use (which
    /// `rowForPrefetch` reads too) and the block scales.
    @inline(__always) func prefetchSlotWords(_ slot: UInt32) {
        guard int8 else { return }
        let s = Int(slot)
        cprefetch_read(UnsafeRawPointer(usedBlocks + s))
        cprefetch_read(UnsafeRawPointer(scales + s &* blocks))
    }

    /// Start of `slot`'s row for prefetching, and how many bytes of it a distance reads.
    @inline(__always) func rowForPrefetch(_ slot: UInt32) -> (UnsafeRawPointer, Int) {
        if int8 { return (UnsafeRawPointer(codes + Int(slot) &* codeStride), Int(usedBlocks[Int(slot)]) &* 64) }
        return (UnsafeRawPointer(vector(slot)), dimension &* 4)
    }
}
