import App
import Config
import Foundation
import Testing
import TestSupport

@Suite("Configuration")
struct ConfigurationTests {
    @Test func defaultsComeFromTheTable() throws {
        let c = try AmpereSettings.load()
        #expect(c.int("server.port") == 8080)
        #expect(c.string("data.dir") == "./data")
        #expect(c.double("server.drain_timeout_s") == 10)
        #expect(c.bool("log.access"))
        #expect(c.string("llm.api_key") == "")
        #expect(c.sources["server.port"] == "default")
    }

    @Test func precedenceIsDefaultsFileEnvironmentFlags() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("c.json", #"{"server": {"port": 9001, "host": "0.0.0.0"}, "log": {"level": "debug"}}"#)
        let fileOnly = try AmpereSettings.load(file: file)
        #expect(fileOnly.int("server.port") == 9001)
        #expect(fileOnly.string("server.host") == "0.0.0.0")
        let env = try AmpereSettings.load(file: file, environment: ["AMPERE_SERVER_PORT": "9002", "AMPERE_UNRELATED": "x"])
        #expect(env.int("server.port") == 9002)
        #expect(env.string("log.level") == "debug")
        #expect(env.sources["server.port"] == "env AMPERE_SERVER_PORT")
        let flags = try AmpereSettings.load(file: file, environment: ["AMPERE_SERVER_PORT": "9002"], overrides: ["server.port": "0"])
        #expect(flags.int("server.port") == 0)
        #expect(flags.sources["server.port"] == "command line")
    }

    @Test(arguments: [
        (["AMPERE_SERVER_PORT": "70000"], "server.port"),
        (["AMPERE_SERVER_PORT": "eighty"], "server.port"),
        (["AMPERE_LOG_LEVEL": "loud"], "log.level"),
        (["AMPERE_LOG_ACCESS": "maybe"], "log.access"),
        (["AMPERE_SERVER_IDLE_TIMEOUT_S": "-1"], "server.idle_timeout_s"),
        (["AMPERE_DATA_DIR": " "], "data.dir"),
    ])
    func badValuesNameTheKey(environment: [String: String], key: String) {
        #expect {
            _ = try AmpereSettings.load(environment: environment)
        } throws: { error in
            "\(error)".contains(key) && "\(error)".contains(environment.keys.first!)
        }
    }

    @Test func unknownKeysAndMisplacedSecretsAreRejected() throws {
        let dir = try TemporaryDirectory()
        let typo = try dir.write("typo.json", #"{"server": {"prot": 1}}"#)
        #expect(throws: ConfigError.unknownKey(key: "server.prot", source: "file \(typo)")) {
            try AmpereSettings.load(file: typo)
        }
        let secret = try dir.write("secret.json", #"{"llm": {"api_key": "sk-123"}}"#)
        #expect {
            _ = try AmpereSettings.load(file: secret)
        } throws: { error in
            "\(error)".contains("AMPERE_LLM_API_KEY") && !"\(error)".contains("sk-123")
        }
        #expect(throws: ConfigError.self) { try AmpereSettings.load(overrides: ["llm.api_key": "sk-123"]) }
        let broken = try dir.write("broken.json", "{ not json")
        #expect(throws: ConfigError.self) { try AmpereSettings.load(file: broken) }
    }

    @Test func secretsComeFromTheEnvironmentAndAreNeverShown() throws {
        let c = try AmpereSettings.load(environment: ["AMPERE_LLM_API_KEY": "sk-secret-value"])
        #expect(c.string("llm.api_key") == "sk-secret-value")
        let lines = c.describedLines.joined(separator: "\n")
        #expect(lines.contains("llm.api_key = <set>"))
        #expect(!lines.contains("sk-secret-value"))
    }

    @Test func addingAKeyIsOneLine() throws {
        let keys = AmpereSettings.catalog + [.int("zeta.knob", 64, 1...4096, "A new knob.")]
        let c = try Configuration.load(keys: keys, environment: ["AMPERE_ZETA_KNOB": "128"])
        #expect(c.int("zeta.knob") == 128)
        #expect(Configuration.defaultsJSON(keys: keys).contains("\"zeta\": {\n    \"knob\": 64\n  }"))
    }

    @Test func committedDefaultsFileMatchesTheTable() throws {
        let text = try String(contentsOfFile: RepositoryFiles.path("config/default.json"), encoding: .utf8)
        #expect(text == Configuration.defaultsJSON(), "regenerate: swift run ampere config --defaults > config/default.json")
        // And the committed file loads cleanly as a config file.
        _ = try AmpereSettings.load(file: RepositoryFiles.path("config/default.json"))
    }

    @Test func readmeConfigurationTableMatchesTheTable() throws {
        let readme = try String(contentsOfFile: RepositoryFiles.path("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- config-table:start -->\n"))
        let end = try #require(readme.range(of: "<!-- config-table:end -->"))
        #expect(String(readme[start.upperBound..<end.lowerBound]) == Configuration.markdownTable(),
                "regenerate: swift run ampere config --markdown")
    }
}
