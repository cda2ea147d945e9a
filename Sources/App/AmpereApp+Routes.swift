import API
import HTTPServer
import Retrieval

extension AmpereApp {
    /// Every route of the service, in one place; openapi.yaml must list the same routes (tested).
    static func makeRouter(configuration c: Configuration, readiness: ReadinessRegistry, metrics: PrometheusRegistry,
                           retrieval: RetrievalRuntime) -> Router {
        var router = Router()
        OpsRoutes.register(on: &router, health: readiness, metrics: { metrics.render() })
        let limits = inputLimits(c)
        ProductRoutes.register(on: &router, catalog: { try retrieval.current().catalog }, limits: limits,
                               bodyLimit: c.int("limits.product_body_bytes"), batchBodyLimit: c.int("limits.batch_body_bytes"))
        SearchRoutes.register(on: &router, services: {
            let stack = try retrieval.current()
            return SearchRoutes.Services(search: stack.search, encoder: stack.encoder, summarizer: stack.summarizer)
        }, limits: limits, defaultMode: SearchMode(rawValue: c.string("search.mode")) ?? .hybrid,
           bodyLimit: c.int("limits.product_body_bytes"))
        return router
    }

    /// Client-input limits from the configuration.
    static func inputLimits(_ c: Configuration) -> InputLimits {
        var limits = InputLimits()
        limits.maxBatch = c.int("limits.max_batch")
        limits.maxImages = c.int("limits.max_images")
        limits.maxImageBytes = c.int("limits.max_image_bytes")
        limits.maxTranscriptLength = c.int("limits.max_transcript_chars")
        limits.maxK = c.int("limits.max_k")
        limits.maxEf = c.int("limits.max_ef")
        return limits
    }
}
