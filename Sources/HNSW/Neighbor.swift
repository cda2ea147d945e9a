/// A (distance, slot) pair, the element of every heap and work list in the index. 8 bytes, no padding.
struct Neighbor {
    var distance: Float
    var slot: UInt32
}
