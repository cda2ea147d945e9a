import HNSW
import Testing
import VectorMath

/// The index computes distances with its own kernel (built for AVX2, with 32-, 8- and 1-float steps): the
/// distances it reports must equal the obviously-correct reference for every dimension shape, tails included.
@Suite struct DistanceTests {
    @Test(arguments: [1, 7, 8, 9, 31, 32, 33, 40, 100, 384, 389])
    func reportedDistancesMatchReference(dimension: Int) {
        for metric in Metric.allCases {
            let data = Fixtures.clustered(count: 60, dimension: dimension, seed: UInt64(dimension))
            let queries = Fixtures.clustered(count: 5, dimension: dimension, seed: UInt64(1_000 + dimension))
            let index = Fixtures.index(data, metric: metric, M: 8, efConstruction: 40)
            for q in queries {
                // ef above the count, so most vectors are reached and their distances checked (not necessarily
                // all: in one dimension the neighbour heuristic leaves the graph sparse).
                let hits = index.search(q, k: 60, ef: 100)
                #expect(hits.count >= 20)
                for hit in hits {
                    let v = data[Int(hit.key)]
                    let expected: Double = switch metric {
                    case .l2: ReferenceKernels.l2Squared(q, v)
                    case .innerProduct: 1 - ReferenceKernels.dot(q, v)
                    case .cosine: 1 - ReferenceKernels.cosine(q, v)
                    }
                    let scale = max(1, abs(expected), ReferenceKernels.dot(q, q).squareRoot() * ReferenceKernels.dot(v, v).squareRoot())
                    #expect(abs(Double(hit.distance) - expected) <= 1e-5 * scale,
                            "\(metric) dim \(dimension) key \(hit.key): \(hit.distance) vs \(expected)")
                }
            }
        }
    }
}
