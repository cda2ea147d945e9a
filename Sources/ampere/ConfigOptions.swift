import App
import ArgumentParser
import Config
import FoundationEssentials
import Tools

/// Options shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "JSON configuration file (see config/default.json for every key).")
    var config: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override any key: --set section.key=value (repeatable).",
                                                         valueName: "key=value"))
    var settings: [String] = []

    /// Resolves the configuration with `extra` flag overrides; a bad value exits with a message naming the key.
    func load(extra: [String: String] = [:]) throws -> Configuration {
        var overrides: [String: String] = [:]
        for setting in settings {
            guard let eq = setting.firstIndex(of: "=") else {
                throw ValidationError("--set expects key=value, got '\(setting)'")
            }
            overrides[String(setting[..<eq])] = String(setting[setting.index(after: eq)...])
        }
        overrides.merge(extra) { _, flag in flag }
        let file = config ?? ProcessInfo.processInfo.environment["AMPERE_CONFIG"]
        do {
            return try AmpereSettings.load(file: file, environment: ProcessInfo.processInfo.environment, overrides: overrides)
        } catch {
            Console.error("ampere: \(error)")
            throw ExitCode(78)  // EX_CONFIG
        }
    }
}
