import API
import HTTPServer
import Retrieval
import Testing

@Suite("APIError and the single status table")
struct APIErrorTests {
    @Test("the HTTP layer's errors use the same codes and statuses as the API table", arguments: HTTPServerError.allCases)
    func serverErrorsAgreeWithTable(error: HTTPServerError) throws {
        let code = try #require(APIError.Code(rawValue: error.code), "\(error.code) missing from APIError.Code")
        #expect(code.status == error.status.code)
        #expect(APIError(error).status == error.status)
    }

    @Test("every retrieval code answers with the wire code of the same name", arguments: RetrievalError.Code.allCases)
    func retrievalCodesKeepTheirWireName(kind: RetrievalError.Code) {
        let error = RetrievalError(kind, "x")
        #expect(APIError.Code(kind).rawValue == kind.rawValue)
        #expect(error.code == kind.rawValue)
        #expect(error.status.code == APIError.Code(kind).status)
        #expect((400...599).contains(error.status.code))
    }

    @Test func retrievalErrorsRenderTheSameBody() {
        let response = RetrievalError.invalid(code: .invalidVector, message: "vector has 3 dimensions").response
        #expect(response.status.code == 400)
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error":{"code":"invalid_vector","message":"vector has 3 dimensions"}}"#)
        #expect(RetrievalError.tooLarge(code: .tooManyItems, message: "x").status.code == 400)
        #expect(RetrievalError.notReady(message: "x").status.code == 503)
        #expect(RetrievalError.unprocessable(code: .corruptImage, message: "x").status.code == 422)
    }

    @Test func contractStatuses() {
        // The statuses the architecture's API contract promises.
        let expected: [APIError.Code: Int] = [
            .invalidJSON: 400, .invalidField: 400, .unauthorized: 401, .notFound: 404, .methodNotAllowed: 405,
            .conflict: 409, .payloadTooLarge: 413, .unsupportedMediaType: 415, .unprocessable: 422,
            .tooManyRequests: 429, .internalError: 500, .notReady: 503, .upstreamTimeout: 504,
        ]
        for (code, status) in expected { #expect(code.status == status, "\(code)") }
        for code in APIError.Code.allCases {
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0 == "_" }, "\(code.rawValue) is not snake_case")
        }
    }

    @Test func rendersTheErrorBodyWithHeaders() {
        let error = APIError(.tooManyRequests, "Slow down \"please\".", headers: ["Retry-After": "3"])
        let response = error.response
        #expect(response.status.code == 429)
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error":{"code":"too_many_requests","message":"Slow down \"please\"."}}"#)
        #expect(response.headers["Retry-After"] == "3")
    }
}

@Suite("JSONValue and HealthReport")
struct JSONValueTests {
    @Test func rendersCompactOrderedJSON() {
        let v: JSONValue = .object([
            ("b", .int(2)), ("a", .array([.bool(true), .null, .double(1.5), .double(.nan)])), ("s", .string("x\"\n")),
        ])
        #expect(v.rendered == #"{"b":2,"a":[true,null,1.5,null],"s":"x\"\n"}"#)
    }

    @Test func healthReportShape() {
        let starting = HealthReport(ready: false, pending: ["index"], sections: [("products", .int(0))])
        #expect(starting.json.rendered == #"{"status":"starting","pending":["index"],"products":0}"#)
        let ok = HealthReport(ready: true, sections: [("products", .int(3)), ("index", .object([("count", .int(3))]))])
        #expect(ok.json.rendered == #"{"status":"ok","products":3,"index":{"count":3}}"#)
    }
}
