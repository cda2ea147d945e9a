import ArgumentParser
import Encoder
import Foundation

/// `ampere-bench bench-visual`: frame-to-page recall@1 of the visual descriptor against the baseline on the
/// evaluation products that have photos, plus per-image timings, all in one run.
struct BenchVisualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-visual",
        abstract: "Frame-to-page recall@1 and speed of the visual descriptor vs the colour-histogram baseline."
    )

    @Option(help: "Evaluation set folder holding catalog.jsonl and queries.jsonl.")
    var data = "/work/shared/data/eval/dev"

    @Option(help: "Descriptor variants to compare, e.g. 'gradientWeight=0.5,dctWeight=0.2' (repeatable).")
    var config: [String] = []

    @Option(help: "Decode JPEGs with libjpeg DCT scaling down to this shorter side (0 = full size).")
    var decodeMinSide = 0

    @Flag(help: "Paint an extra, differently styled UI overlay on every query frame (robustness check).")
    var extraOverlay = false

    @Flag(help: "Also report baseline variants (histogram bins, Hellinger).")
    var variants = false

    @Option(help: "Timing repetitions over the catalogue photos.")
    var repetitions = 5

    func run() throws {
        let set = try EvalImages.load(folder: data, minSide: decodeMinSide, extraOverlay: extraOverlay)
        print("catalogue photos: \(set.catalog.count), queries with frames: \(set.queries.count) "
              + "(video \(set.queries.filter { $0.domain == "video" }.count), "
              + "live \(set.queries.filter { $0.domain == "live" }.count))")
        var encoders: [(String, any VisualEncoder)] = [("baseline", ThumbnailHistogramDescriptor()),
                                                       ("pyramid", PyramidDescriptor())]
        if variants {
            encoders += [("baseline 8x8x8 raw counts", ThumbnailHistogramDescriptor(bitsPerChannel: 3, hellinger: false)),
                         ("baseline 4x4x4", ThumbnailHistogramDescriptor(bitsPerChannel: 2, hellinger: false)),
                         ("baseline 4x4x4 sqrt", ThumbnailHistogramDescriptor(bitsPerChannel: 2, hellinger: true))]
        }
        for spec in config { encoders.append((spec, PyramidDescriptor(config: try Self.parse(spec)))) }
        print("| descriptor | dim | video R@1 | live R@1 | all R@1 | MRR | mean cos gold | mean cos other |")
        print("|---|---|---|---|---|---|---|---|")
        for (label, encoder) in encoders {
            let r = set.recall(encoder)
            print("| \(label) | \(encoder.dimension) | \(Self.pct(r.video)) | \(Self.pct(r.live)) | \(Self.pct(r.all)) | "
                  + String(format: "%.3f | %.3f | %.3f |", r.mrr, r.goldCos, r.otherCos))
        }
        try timings(set)
    }

    /// Median milliseconds per catalogue photo: decode (JPEG full and DCT-scaled, the same photos as PNG),
    /// baseline, descriptor, and decode + descriptor end to end.
    private func timings(_ set: EvalImages) throws {
        let decoder = ImageDecoder(), pyramid = PyramidDescriptor(), baseline = ThumbnailHistogramDescriptor()
        let images = set.catalogImages
        func median(_ body: () throws -> Void) rethrows -> Double {
            var runs: [Double] = []
            for _ in 0..<repetitions {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try body()
                runs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 / Double(images.count))
            }
            return runs.sorted()[runs.count / 2]
        }
        let decoded = try images.map { try decoder.decode($0) }
        let size = decoded.first.map { "\($0.width)x\($0.height)" } ?? "-"
        let full = try median { for b in images { _ = try decoder.decode(b) } }
        let scaled = try median { for b in images { _ = try decoder.decode(b, minSide: pyramid.recommendedDecodeSide) } }
        let base = median { for im in decoded { _ = baseline.encode(im) } }
        let desc = median { for im in decoded { _ = pyramid.encode(im) } }
        let side = pyramid.recommendedDecodeSide
        let pngs = decoded.map(BenchPNGWriter.encode)
        let png = try median { for b in pngs { _ = try decoder.decode(b) } }
        let endToEnd = try median { for b in images { _ = pyramid.encode(try decoder.decode(b, minSide: side)) } }
        print("timing, median of \(repetitions) passes over \(images.count) catalogue photos (\(size)), ms/image:")
        print(String(format: "  JPEG decode full %.3f, DCT-scaled (minSide %d) %.3f; PNG decode (same photos, RGB8, Paeth) %.3f",
                     full, side, scaled, png))
        print(String(format: "  baseline %.3f; pyramid %.3f; pyramid end-to-end from JPEG bytes (decode minSide %d + encode) %.3f",
                     base, desc, side, endToEnd))
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    /// Parses `key=value,key=value` into a config (numeric fields of `PyramidDescriptorConfig`).
    static func parse(_ spec: String) throws -> PyramidDescriptorConfig {
        var c = PyramidDescriptorConfig()
        for pair in spec.split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, let v = Double(kv[1]) else { throw ValidationError("bad config entry \(pair)") }
            switch kv[0] {
            case "side": c.side = Int(v)
            case "colourWeight": c.colourWeight = Float(v)
            case "gradientWeight": c.gradientWeight = Float(v)
            case "dctWeight": c.dctWeight = Float(v)
            case "hueBins": c.hueBins = Int(v)
            case "greyBins": c.greyBins = Int(v)
            case "gridCells": c.gridCells = Int(v)
            case "gridWeight": c.gridWeight = Float(v)
            case "orientationBins": c.orientationBins = Int(v)
            case "centreSigma": c.centreSigma = Float(v)
            case "backgroundDiscount": c.backgroundDiscount = Float(v)
            case "backgroundNear": c.backgroundNear = Float(v)
            case "backgroundFar": c.backgroundFar = Float(v)
            case "borderBlocks": c.borderBlocks = Int(v)
            case "colourConstancy": c.colourConstancy = Float(v)
            case "whitePercentile": c.whitePercentile = Float(v)
            case "centreBlocks": c.centreBlocks = v != 0
            case "staticDiscount": c.staticDiscount = Float(v)
            case "staticBelow": c.staticBelow = Float(v)
            case "dctSide": c.dctSide = Int(v)
            case "dctOrder": c.dctOrder = Int(v)
            default: throw ValidationError("unknown config key \(kv[0])")
            }
        }
        return c
    }
}
