import API
import HTTPServer

extension AmpereApp {
    /// Every route of the service, in one place. Endpoint modules add one line each here, e.g.
    /// `ProductRoutes.register(on: &router, catalog: catalog)`; openapi.yaml must list the same routes (tested).
    static func makeRouter(readiness: ReadinessRegistry, metrics: PrometheusRegistry) -> Router {
        var router = Router()
        OpsRoutes.register(on: &router, health: readiness, metrics: { metrics.render() })
        return router
    }
}
