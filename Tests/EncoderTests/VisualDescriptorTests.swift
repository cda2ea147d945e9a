import Testing
@testable import Encoder

private func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
private func norm(_ a: [Float]) -> Float { cosine(a, a).squareRoot() }

/// Named distortions a key frame suffers, each applied to a catalogue photo.
private let distortions: [(String, @Sendable (RGBImage) -> RGBImage)] = [
    ("crop 75%", { SyntheticProduct.crop($0, x0: 30, y0: 20, w: 144, h: 192) }),
    ("downscale to 40%", { $0.resized(width: 77, height: 102) }),
    ("colour shift", { SyntheticProduct.colourShift($0, gain: [1.1, 0.95, 0.85], offset: -15) }),
    ("blur", { SyntheticProduct.blur($0, radius: 2) }),
    ("UI overlay", { SyntheticProduct.overlay($0) }),
    ("all at once", {
        SyntheticProduct.overlay(SyntheticProduct.blur(SyntheticProduct.colourShift(
            SyntheticProduct.crop($0, x0: 20, y0: 30, w: 150, h: 200), gain: [0.9, 1.0, 1.1], offset: 10),
            radius: 1)).resized(width: 108, height: 144)
    }),
]

/// Twelve synthetic catalogue photos and their descriptors, computed once for all test cases.
private let sharedCatalogue = (1...12).map { SyntheticProduct.photo(seed: $0) }
private let sharedGallery = sharedCatalogue.map { PyramidDescriptor().encode($0) }

@Suite("Visual descriptor")
struct VisualDescriptorTests {
    let catalogue = sharedCatalogue

    @Test("unit length, declared dimension, deterministic, finite", arguments: [0, 1])
    func shape(which: Int) {
        let encoder: any VisualEncoder = which == 0 ? PyramidDescriptor() : ThumbnailHistogramDescriptor()
        let v = encoder.encode(catalogue[0])
        #expect(v.count == encoder.dimension)
        #expect(abs(norm(v) - 1) < 1e-4)
        #expect(v.allSatisfy { $0.isFinite })
        #expect(encoder.encode(catalogue[0]) == v)
    }

    @Test("degenerate images: flat colour, 1x1, extreme aspect ratios", arguments: [(1, 1), (300, 2), (2, 300), (64, 64)])
    func degenerate(size: (Int, Int)) {
        let flat = RGBImage(width: size.0, height: size.1, pixels: [UInt8](repeating: 128, count: size.0 * size.1 * 3))
        let v = PyramidDescriptor().encode(flat)
        #expect(v.allSatisfy { $0.isFinite })
        #expect(abs(norm(v) - 1) < 1e-4)
    }

    @Test("a distorted photo stays closer to its original than to any other product", arguments: distortions.indices)
    func invariance(index: Int) {
        let (name, distort) = distortions[index]
        let encoder = PyramidDescriptor()
        let gallery = sharedGallery
        for (p, photo) in catalogue.enumerated() {
            let q = encoder.encode(distort(photo))
            let own = cosine(q, gallery[p])
            let bestOther = gallery.indices.filter { $0 != p }.map { cosine(q, gallery[$0]) }.max()!
            #expect(own > bestOther, "\(name): product \(p) own \(own) vs other \(bestOther)")
        }
    }

    @Test("averaging frames: none gives nil, one gives its descriptor, several give a unit vector")
    func frames() throws {
        let encoder = PyramidDescriptor()
        #expect(encoder.encode(frames: []) == nil)
        let one = try #require(encoder.encode(frames: [catalogue[3]]))
        #expect(zip(one, encoder.encode(catalogue[3])).allSatisfy { abs($0.0 - $0.1) < 1e-5 })
        let two = try #require(encoder.encode(frames: [catalogue[3], SyntheticProduct.overlay(catalogue[3])]))
        #expect(abs(norm(two) - 1) < 1e-4)
        #expect(cosine(two, encoder.encode(catalogue[3])) > cosine(two, encoder.encode(catalogue[4])))
    }

    @Test("background swap: the product on a dark backdrop still finds its white-background photo")
    func backgroundSwap() {
        let encoder = PyramidDescriptor()
        let gallery = sharedGallery
        var found = 0
        for (p, photo) in catalogue.enumerated() {
            var swapped = photo
            for i in stride(from: 0, to: photo.pixels.count, by: 3) where photo.pixels[i] >= 248 && photo.pixels[i + 1] >= 248 {
                swapped.pixels[i] = 40; swapped.pixels[i + 1] = 60; swapped.pixels[i + 2] = 50
            }
            let q = encoder.encode(swapped)
            let best = gallery.indices.max { cosine(q, gallery[$0]) < cosine(q, gallery[$1]) }!
            if best == p { found += 1 }
        }
        // Harder than the other distortions (most of the picture changes); most, not all, must hold.
        #expect(found >= 10, "found \(found) of 12")
    }
}

@Suite("Visual pipeline: bytes to descriptor")
struct VisualPipelineTests {
    @Test("PNG, JPEG and DCT-scaled JPEG of one photo give nearly the same descriptor")
    func formatsAgree() throws {
        let photo = SyntheticProduct.photo(seed: 5)
        let encoder = PyramidDescriptor(), decoder = ImageDecoder()
        let png = PNGFixture(width: photo.width, height: photo.height, colorType: 2, bitDepth: 8,
                             sample: { x, y, c in Int(photo.pixels[(y * photo.width + x) * 3 + c]) }).encode()
        let fromPNG = try decoder.decode(png)
        #expect(fromPNG == photo)
        let jpeg = JPEGFixture.encode(photo, quality: 60)
        let a = encoder.encode(fromPNG)
        let b = encoder.encode(try decoder.decode(jpeg))
        let c = encoder.encode(try decoder.decode(jpeg, minSide: encoder.recommendedDecodeSide))
        #expect(zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } > 0.95)
        #expect(zip(a, c).reduce(0) { $0 + $1.0 * $1.1 } > 0.95)
    }
}

@Suite("Visual branch")
struct VisualBranchTests {
    @Test("bytes in, one averaged unit vector out; nil for no images")
    func averages() throws {
        let branch = VisualBranch()
        let a = JPEGFixture.encode(SyntheticProduct.photo(seed: 1)), b = JPEGFixture.encode(SyntheticProduct.photo(seed: 2))
        #expect(try branch.encode([]) == nil)
        let v = try #require(try branch.encode([a, b]))
        #expect(v.count == branch.dimension)
        #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }

    @Test("the first bad image is reported with its index and a 422-style code")
    func reportsIndex() {
        let good = JPEGFixture.encode(SyntheticProduct.photo(seed: 1))
        do {
            _ = try VisualBranch().encode([good, Array("GIF89a".utf8), good])
            Issue.record("expected an error")
        } catch {
            #expect(error == VisualBranchError(index: 1, reason: .unsupportedFormat))
            #expect(error.reason.code == "unsupported_image_format")
            #expect(error.description.hasPrefix("images[1]: "))
        }
    }
}

@Suite("Visual descriptor configurations")
struct VisualDescriptorConfigTests {
    @Test("other canonical sizes and pyramid shapes give unit vectors of the declared length",
          arguments: [(32, 16, 2), (128, 32, 4), (96, 32, 3)])
    func sizes(shape: (Int, Int, Int)) {
        var config = PyramidDescriptorConfig()
        config.side = shape.0; config.dctSide = shape.1; config.gridCells = shape.2
        let encoder = PyramidDescriptor(config: config)
        let v = encoder.encode(SyntheticProduct.photo(seed: 4))
        #expect(v.count == encoder.dimension)
        #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
    }

    @Test("block centring lowers the similarity of different products")
    func centring() {
        var config = PyramidDescriptorConfig()
        config.centreBlocks = true
        let plain = PyramidDescriptor(), centred = PyramidDescriptor(config: config)
        let a = SyntheticProduct.photo(seed: 1), b = SyntheticProduct.photo(seed: 2)
        func cos(_ e: PyramidDescriptor) -> Float { zip(e.encode(a), e.encode(b)).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(cos(centred) < cos(plain) - 0.1)
    }
}

@Suite("Static-overlay discount across frames")
struct StaticOverlayTests {
    @Test("an overlay fixed on screen across frames is discounted: the frames land closer to the clean photo")
    func staticOverlay() throws {
        var config = PyramidDescriptorConfig()
        config.staticDiscount = 0.8
        config.staticBelow = 10
        let plain = PyramidDescriptor(), discounting = PyramidDescriptor(config: config)
        var improved = 0
        for seed in UInt64(1)...6 {
            let photo = SyntheticProduct.photo(seed: seed)
            let frames = [(10, 12), (40, 50), (25, 30)].map { (x, y) in
                SyntheticProduct.overlay(SyntheticProduct.crop(photo, x0: x, y0: y, w: 144, h: 192))
            }
            func cos(_ e: PyramidDescriptor) throws -> Float {
                let v = try #require(e.encode(frames: frames))
                return zip(v, e.encode(photo)).reduce(0) { $0 + $1.0 * $1.1 }
            }
            if try cos(discounting) > cos(plain) { improved += 1 }
        }
        #expect(improved >= 5, "improved \(improved) of 6")
    }

    @Test("identical frames: the discount stands down (nothing distinguishes overlay from product)")
    func identicalFrames() throws {
        var config = PyramidDescriptorConfig()
        config.staticDiscount = 0.8
        let encoder = PyramidDescriptor(config: config)
        let photo = SyntheticProduct.photo(seed: 2)
        let v = try #require(encoder.encode(frames: [photo, photo]))
        #expect(zip(v, encoder.encode(photo)).allSatisfy { abs($0.0 - $0.1) < 1e-5 })
    }
}
