/// Appends little-endian scalars and raw arrays to a byte buffer (snapshot encoding).
struct ByteWriter {
    var bytes: [UInt8] = []

    init(reserving capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends `count` elements from `pointer` as they lie in memory (the host is little-endian; see
    /// `HNSWSnapshot`).
    mutating func write<T>(_ pointer: UnsafePointer<T>, count: Int) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count * MemoryLayout<T>.stride))
    }

    mutating func pad(to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}
