import API
import Config
import HTTPServer
import Observability
import Retrieval

extension AmpereApp {
    /// Every endpoint of the service with its access, in one place; openapi.yaml must list the same routes (tested).
    static func makeEndpoints(configuration c: Configuration, readiness: ReadinessRegistry, metrics: PrometheusRegistry,
                              retrieval: RetrievalRuntime) -> EndpointTable {
        var table = EndpointTable()
        OpsRoutes.register(on: &table, health: readiness, metrics: { metrics.render() },
                           metricsAccess: c[.authMetrics] == "open" ? .open : .read)
        let limits = RuntimeOptions.inputLimits(c)
        ProductRoutes.register(on: &table, catalog: { try retrieval.current().catalog }, limits: limits,
                               bodyLimit: c[.limitsProductBodyBytes], batchBodyLimit: c[.limitsBatchBodyBytes],
                               visibleTimeout: .milliseconds(Int(c[.clusterVisibleTimeoutS] * 1000)))
        let queryBodyLimit = c[.limitsQueryBodyBytes]
        SearchRoutes.register(on: &table, search: { try retrieval.current().search }, limits: limits,
                              defaultMode: SearchMode(rawValue: c[.searchMode]) ?? .hybrid, bodyLimit: queryBodyLimit,
                              cost: SearchCost(millisPerToken: c[.limitsSearchTokenMs]))
        RecommendRoutes.register(on: &table, service: { try retrieval.current().recommend }, limits: limits,
                                 bodyLimit: queryBodyLimit)
        EventRoutes.register(on: &table, service: { try retrieval.current().recommend }, limits: limits,
                             bodyLimit: c[.limitsBatchBodyBytes])
        EmbedRoutes.register(on: &table, services: {
            let stack = try retrieval.current()
            return (stack.encoder, stack.summarizer)
        }, limits: limits, bodyLimit: queryBodyLimit)
        SummarizeRoutes.register(on: &table, summarizer: { try retrieval.current().summarizer }, limits: limits,
                                 bodyLimit: queryBodyLimit)
        return table
    }
}
