import Foundation
@testable import HNSW
import Testing

/// Large per-slot buffers are asked onto transparent huge pages (2 MB aligned, `MADV_HUGEPAGE`); small ones
/// are ordinary allocations. The kernel records the advice as the `hg` flag of the mapping in /proc/self/smaps.
@Suite("HNSW huge pages")
struct HugePagesTests {
    /// Whether the kernel has transparent huge pages at all (without them `madvise` refuses the advice).
    static let kernelHasTHP = FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled")

    /// The VmFlags of the mapping that holds `address`, or nil when /proc/self/smaps is not there.
    static func vmFlags(of address: UnsafeRawPointer) -> Set<String>? {
        // Read to the end: /proc files report a size of 0, so a read sized by stat gets nothing.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/smaps") else { return nil }
        defer { try? handle.close() }
        let smaps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let target = UInt(bitPattern: address)
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-")
                if bounds.count == 2, let lo = UInt(bounds[0], radix: 16), let hi = UInt(bounds[1], radix: 16) {
                    inside = lo <= target && target < hi
                    continue
                }
            }
            if inside, fields.first == "VmFlags:" { return Set(fields.dropFirst().map(String.init)) }
        }
        return nil
    }

    @Test("a large buffer is 2 MB aligned, usable, and advised onto huge pages")
    func largeBuffer() throws {
        let count = 3 << 20  // 12 MB of UInt32
        let p = HugePages.allocate(UInt32.self, capacity: count)
        defer { p.deallocate() }
        #expect(UInt(bitPattern: p) % UInt(HugePages.size) == 0)
        p.initialize(repeating: 7, count: count)
        #expect(p[0] == 7 && p[count - 1] == 7)
        #if os(Linux)
        guard Self.kernelHasTHP else { return }
        let flags = try #require(Self.vmFlags(of: p))
        #expect(flags.contains("hg"), "VmFlags \(flags.sorted())")
        #endif
    }

    @Test("a small buffer keeps the requested alignment and no advice")
    func smallBuffer() {
        let p = HugePages.allocate(Int8.self, capacity: 1000, alignment: 64)
        defer { p.deallocate() }
        #expect(UInt(bitPattern: p) % 64 == 0)
        p.initialize(repeating: 1, count: 1000)
        #if os(Linux)
        if let flags = Self.vmFlags(of: p) { #expect(!flags.contains("hg")) }
        #endif
    }

    @Test("a graph at scale keeps its int8 rows, links, keys and visit tags on huge pages, through growth")
    func graphBuffers() throws {
        var c = HNSWConfiguration(dimension: 64, metric: .cosine, M: 8, efConstruction: 40, efSearch: 16, seed: 3,
                                  initialCapacity: 16)
        c.vectorType = .int8
        let graph = HNSWGraph(configuration: c, capacity: 150_000)
        graph.grow(to: 300_000)  // the regrown buffers too (keys: 2.4 MB)
        let scratch = SearchScratch(slots: 2_000_000, ef: 16)
        let buffers = [("codes", UnsafeRawPointer(graph.codes)), ("links0", UnsafeRawPointer(graph.links0)),
                       ("keys", UnsafeRawPointer(graph.keys)), ("visited", UnsafeRawPointer(scratch.visited))]
        for (name, p) in buffers { #expect(UInt(bitPattern: p) % UInt(HugePages.size) == 0, "\(name)") }
        #if os(Linux)
        guard Self.kernelHasTHP else { return }
        for (name, p) in buffers {
            let flags = try #require(Self.vmFlags(of: p), "\(name)")
            #expect(flags.contains("hg"), "\(name): \(flags.sorted())")
        }
        #endif
    }
}
