extension MultimodalEncoder {
    /// The fused vector of one appearance. At least one non-blank text or one image is required.
    /// `maxTokens` bounds the tokens the text branch reads of each text (e.g. a shorter budget for queries).
    public func embed(texts: [String]?, images: [RGBImage], maxTokens: Int? = nil) throws -> FusedEmbedding {
        try embed([Item(texts: texts ?? [], images: images)], maxTokens: maxTokens)[0]
    }

    /// Fused vectors of several appearances; all their texts go through one batched text forward pass.
    public func embed(_ items: [Item], maxTokens: Int? = nil) throws -> [FusedEmbedding] {
        let (textEncoder, fusion) = try loaded()
        let texts = items.map { $0.texts.filter { !$0.allSatisfy(\.isWhitespace) } }
        for (i, item) in items.enumerated() where texts[i].isEmpty && item.images.isEmpty {
            throw EncoderError.invalidInput("item \(i) has neither text nor images")
        }
        let flat = texts.flatMap { $0 }
        let vectors = try maxTokens.map { try textEncoder.encode(flat, maxTokens: $0) } ?? textEncoder.encode(flat)
        var next = 0
        return items.enumerated().map { i, item in
            let mine = Array(vectors[next..<(next + texts[i].count)])
            next += texts[i].count
            let frames = EmbeddingFusion.average(item.images.map { self.visual.encode($0) })
            return fusion.fuse(text: EmbeddingFusion.average(mine), visual: frames)
        }
    }

    /// Text-branch vectors only (one per text, batched), e.g. for re-embedding a catalog's text.
    public func encodeTexts(_ texts: [String]) throws -> [[Float]] {
        try loaded().text.encode(texts)
    }

}
